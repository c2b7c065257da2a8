package org.govmail.auth.tools;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One govmail-admin command: its words ("institutions appoint"), its positional arguments, the options it
 * requires and allows (each taking a value), its flags, and a line of help. The usage text is made from
 * these, so it cannot drift from what the parser accepts.
 */
record CommandSpec(String name, List<String> arguments, Set<String> required, Set<String> optional, Set<String> flags,
                   String help) {
    /** Options every command takes. */
    static final Set<String> GLOBAL_OPTIONS = Set.of("url", "lang");
    static final Set<String> GLOBAL_FLAGS = Set.of("json");
    /**
     * Options that no longer exist, with what to do instead. They are refused with that message wherever they
     * appear, so an old script fails clearly instead of running as someone else (without --user,
     * govmail-admin would act as the super administrator).
     */
    static final Map<String, String> REMOVED_OPTIONS = Map.of(
        "user", "--user is gone: account passwords no longer work on the REST API. To act as an account, set "
            + AdminSettings.TOKEN_VARIABLE + " to " + AdminSettings.TOKEN_SOURCE + " (in the environment, never on the"
            + " command line); without it govmail-admin acts as the super administrator (conf/jmxremote.password)");

    CommandSpec {
        arguments = List.copyOf(arguments);
        required = Set.copyOf(required);
        optional = Set.copyOf(optional);
        flags = Set.copyOf(flags);
    }

    List<String> words() {
        return List.of(name.split(" "));
    }

    boolean allowsOption(String option) {
        return required.contains(option) || optional.contains(option) || GLOBAL_OPTIONS.contains(option);
    }

    boolean allowsFlag(String flag) {
        return flags.contains(flag) || GLOBAL_FLAGS.contains(flag);
    }

    /** The synopsis line, e.g. {@code reject ID --reason TEXT}. */
    String synopsis() {
        StringBuilder line = new StringBuilder(name);
        arguments.forEach(argument -> line.append(' ').append(argument));
        required.stream().sorted().forEach(option -> line.append(" --").append(option).append(' ').append(placeholder(option)));
        optional.stream().sorted().forEach(option -> line.append(" [--").append(option).append(' ').append(placeholder(option)).append(']'));
        flags.stream().sorted().forEach(flag -> line.append(" [--").append(flag).append(']'));
        return line.toString();
    }

    private static String placeholder(String option) {
        return switch (option) {
            case "institution" -> "CODE";
            case "reason" -> "TEXT";
            case "at" -> "ISO-INSTANT";
            case "redirect-to" -> "ID|representative";
            case "status" -> "STATUS";
            case "out" -> "FILE";
            case "limit" -> "N";
            case "from", "to" -> "ISO-INSTANT";
            case "domains" -> "d1,d2";
            case "account", "actor" -> "ID";
            default -> option.toUpperCase(java.util.Locale.ROOT);
        };
    }
}
