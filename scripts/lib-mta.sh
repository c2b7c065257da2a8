# Postfix + Dovecot from the Debian packages, for the benchmark's comparison instance
# (bench: org.govmail.bench.mta.PostfixDovecot). Source this file, then call ensure_postfix_dovecot.
# shellcheck shell=bash

MTA_PACKAGES=(postfix dovecot-imapd dovecot-lmtpd)

# Installs the packages the comparison instance needs, only those missing. Needs root to install.
#
# Postfix's debconf question is answered "No configuration": the package then sets up no system mail
# service, and the benchmark writes its own configuration anyway. Dovecot's package does start a system
# Dovecot (ports 143/993); it is left alone: the benchmark's instances use their own ports, folders and
# config files (postfix -c, dovecot -c) and never touch /etc/postfix, /var/spool/postfix or /etc/dovecot.
# Only when a system instance holds a port the benchmark wants does it matter, and then the benchmark
# fails with "port ... already in use" rather than stopping a service it does not own.
ensure_postfix_dovecot() {
    local missing=() package
    for package in "${MTA_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "govmail: ${missing[*]} missing; install them as root (source scripts/lib-mta.sh; ensure_postfix_dovecot)" >&2
        return 1
    fi
    echo "govmail: installing ${missing[*]} for the Postfix + Dovecot comparison..." >&2
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    # The package lists may be missing on a fresh machine or container.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || return 1
}
