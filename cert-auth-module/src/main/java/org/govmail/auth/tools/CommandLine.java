package org.govmail.auth.tools;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed govmail-admin command line: which command, its positional arguments, its options and flags.
 * Options may come anywhere ({@code --reason TEXT} or {@code --reason=TEXT}); {@code --} ends them.
 * Everything the spec does not allow is a {@link UsageException}, so a typo never silently drops an
 * option (a retirement without its {@code --at} would retire now).
 */
record CommandLine(CommandSpec spec, List<String> arguments, Map<String, String> options, Set<String> flags) {
    CommandLine {
        arguments = List.copyOf(arguments);
        options = Map.copyOf(options);
        flags = Set.copyOf(flags);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String argument(int index) {
        return arguments.get(index);
    }

    static CommandLine parse(List<String> args, List<CommandSpec> specs) throws UsageException {
        Set<String> flagNames = new HashSet<>(CommandSpec.GLOBAL_FLAGS);
        specs.forEach(spec -> flagNames.addAll(spec.flags()));
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            if (optionsEnded || !token.startsWith("--")) {
                words.add(token);
                continue;
            }
            if (token.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = token.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.isEmpty()) {
                throw new UsageException("'" + token + "' is not an option");
            }
            if (CommandSpec.REMOVED_OPTIONS.containsKey(name)) {
                throw new UsageException(CommandSpec.REMOVED_OPTIONS.get(name));
            }
            if (flagNames.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        CommandSpec spec = match(words, specs);
        List<String> arguments = words.subList(spec.words().size(), words.size());
        if (arguments.size() != spec.arguments().size()) {
            throw new UsageException("usage: govmail-admin " + spec.synopsis());
        }
        for (String name : options.keySet()) {
            if (!spec.allowsOption(name)) {
                throw new UsageException(spec.name() + " takes no --" + name + " (usage: govmail-admin " + spec.synopsis() + ")");
            }
        }
        for (String name : flags) {
            if (!spec.allowsFlag(name)) {
                throw new UsageException(spec.name() + " takes no --" + name + " (usage: govmail-admin " + spec.synopsis() + ")");
            }
        }
        for (String name : spec.required()) {
            String value = options.get(name);
            if (value == null || value.isBlank()) {
                throw new UsageException(spec.name() + " needs --" + name + " (usage: govmail-admin " + spec.synopsis() + ")");
            }
        }
        return new CommandLine(spec, arguments, options, flags);
    }

    /** The spec whose words start the command line; the longest wins ("institutions list" over a bare word). */
    private static CommandSpec match(List<String> words, List<CommandSpec> specs) throws UsageException {
        CommandSpec best = null;
        for (CommandSpec spec : specs) {
            List<String> name = spec.words();
            if (words.size() >= name.size() && words.subList(0, name.size()).equals(name)
                && (best == null || name.size() > best.words().size())) {
                best = spec;
            }
        }
        if (best == null) {
            throw new UsageException(words.isEmpty() ? "no command given" : "unknown command '" + String.join(" ", words) + "'");
        }
        return best;
    }
}
