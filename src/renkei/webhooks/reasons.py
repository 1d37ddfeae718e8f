"""Why a delivery failed, in words a coordinator reads in their own language.

``Delivery.last_error`` keeps the technical text (``URLError: [Errno -2] …``) for whoever runs
the server; the page shows the reason this module makes of it. It reads the stored text rather
than a code so that deliveries recorded before it existed are explained too.
"""

import re

from django.utils.translation import gettext as _

# Checked in order: the first that matches names the reason. Errno values are Linux's
# (-2 / -3 / -5 are getaddrinfo's "not known", "try again" and "no address").
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"not on the public Internet|公開", re.I), "private"),
    (re.compile(r"worker stopped", re.I), "stopped"),
    (re.compile(r"not an http", re.I), "scheme"),
    (
        re.compile(
            r"Errno -[235]\b|Name or service not known|nodename nor servname|"
            r"Temporary failure in name resolution|getaddrinfo|no address for",
            re.I,
        ),
        "dns",
    ),
    (re.compile(r"timed out|timeout", re.I), "timeout"),
    (re.compile(r"CERTIFICATE|SSL|TLS", re.I), "tls"),
    (re.compile(r"refused|Errno 111\b", re.I), "refused"),
    (re.compile(r"unreachable|Errno 11[03]\b|Errno 101\b", re.I), "unreachable"),
    (re.compile(r"reset|RemoteDisconnected|BadStatusLine|IncompleteRead", re.I), "dropped"),
)


def _texts() -> dict[str, str]:
    return {
        "private": _(
            "The address is not on the public Internet; renkei sends webhooks only to public "
            "addresses."
        ),
        "stopped": _("The sending stopped half-way; it is tried again."),
        "scheme": _("The address does not start with http:// or https://."),
        "dns": _("The host name could not be resolved: check the address for typing errors."),
        "timeout": _("No answer in time (timed out)."),
        "tls": _("The secure connection (HTTPS certificate) could not be checked."),
        "refused": _("Could not connect: the receiving server refused the connection."),
        "unreachable": _("Could not connect: the receiving server cannot be reached."),
        "dropped": _("The receiving server closed the connection without an answer."),
    }


def plain_reason(last_error: str, response_code: int | None) -> str:
    """One sentence for the coordinator; empty when nothing went wrong."""
    if response_code is not None and not 200 <= response_code < 300:
        if 300 <= response_code < 400:
            return _(
                "The receiver answered with a redirect (%(code)s); renkei does not follow "
                "redirects: enter the final address."
            ) % {"code": response_code}
        return _("The receiver answered HTTP %(code)s instead of a 2xx success.") % {
            "code": response_code
        }
    if not last_error:
        return ""
    for pattern, kind in _PATTERNS:
        if pattern.search(last_error):
            return _texts()[kind]
    return _("Could not deliver: the receiving server could not be reached.")
