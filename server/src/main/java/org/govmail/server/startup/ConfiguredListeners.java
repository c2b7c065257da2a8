package org.govmail.server.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every TCP address the configuration in {@code conf/} asks the server to listen on, read the way James
 * reads it (enabled servers only). Used to refuse to start with a clear message when a port is taken,
 * and to pin the JMX RMI server to the configured JMX address.
 */
public final class ConfiguredListeners {
    private static final List<String> PROTOCOL_FILES = List.of(
        "smtpserver.xml", "imapserver.xml", "pop3server.xml", "lmtpserver.xml", "managesieveserver.xml");

    /** One listening address and the file that asked for it. */
    public record Listener(String name, String host, int port, String source) {
        @Override
        public String toString() {
            return name + " on " + host + ":" + port + " (" + source + ")";
        }
    }

    static final String JMX = "jmx";

    private ConfiguredListeners() {
    }

    /** The JMX listener among those read, if JMX is enabled. */
    public static Optional<Listener> jmx(List<Listener> listeners) {
        return listeners.stream().filter(listener -> JMX.equals(listener.name())).findFirst();
    }

    public static List<Listener> read(ServerLayout layout) throws StartupException {
        List<Listener> listeners = new ArrayList<>();
        for (String file : PROTOCOL_FILES) {
            Path path = layout.conf(file);
            if (Files.exists(path)) {
                listeners.addAll(protocolListeners(path));
            }
        }
        webAdmin(layout.conf("webadmin.properties")).ifPresent(listeners::add);
        jmxListener(layout).ifPresent(listeners::add);
        return List.copyOf(listeners);
    }

    private static Optional<Listener> jmxListener(ServerLayout layout) throws StartupException {
        Path path = layout.conf("jmx.properties");
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Properties properties = load(path);
        if (!Boolean.parseBoolean(properties.getProperty("jmx.enabled", "true"))) {
            return Optional.empty();
        }
        return Optional.of(new Listener(JMX,
            properties.getProperty("jmx.address", "localhost").trim(),
            parsePort(properties.getProperty("jmx.port", "9999"), path),
            path.getFileName().toString()));
    }

    private static Optional<Listener> webAdmin(Path path) throws StartupException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Properties properties = load(path);
        if (!Boolean.parseBoolean(properties.getProperty("enabled", "false"))) {
            return Optional.empty();
        }
        return Optional.of(new Listener("webadmin",
            properties.getProperty("host", "localhost").trim(),
            parsePort(properties.getProperty("port", "8000"), path),
            path.getFileName().toString()));
    }

    private static List<Listener> protocolListeners(Path path) throws StartupException {
        List<Listener> result = new ArrayList<>();
        Document document = parse(path);
        NodeList servers = document.getDocumentElement().getChildNodes();
        for (int i = 0; i < servers.getLength(); i++) {
            if (servers.item(i).getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            Element server = (Element) servers.item(i);
            if ("false".equalsIgnoreCase(server.getAttribute("enabled"))) {
                continue;
            }
            String name = childText(server, "jmxName");
            String binds = childText(server, "bind");
            if (binds == null) {
                continue;
            }
            for (String bind : binds.split(",")) {
                String address = bind.trim();
                int colon = address.lastIndexOf(':');
                if (colon <= 0) {
                    throw new StartupException(ExitCode.CONFIGURATION,
                        path.getFileName() + ": <bind>" + address + "</bind> must be host:port");
                }
                result.add(new Listener(name == null ? server.getTagName() : name,
                    address.substring(0, colon), parsePort(address.substring(colon + 1), path),
                    path.getFileName().toString()));
            }
        }
        return result;
    }

    private static String childText(Element parent, String tag) {
        NodeList children = parent.getElementsByTagName(tag);
        if (children.getLength() == 0) {
            return null;
        }
        return children.item(0).getTextContent().trim();
    }

    private static Document parse(Path path) throws StartupException {
        try (InputStream in = Files.newInputStream(path)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new StartupException(ExitCode.CONFIGURATION, "Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Properties load(Path path) throws StartupException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new StartupException(ExitCode.CONFIGURATION, "Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static int parsePort(String value, Path source) throws StartupException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StartupException(ExitCode.CONFIGURATION, source.getFileName() + ": '" + value + "' is not a port");
        }
    }
}
