"""The optional e-mail sign-up box, set by ``extra.signup`` in mkdocs.yml:

    extra:
      signup:
        action: https://buttondown.com/api/emails/embed-subscribe/your-list
        field: email                       # the form field the service reads
        text: Get each issue by e-mail.    # the line above the box

The form posts to the service (Buttondown, Mailchimp, listmonk ...) and nothing else: no
script of theirs is loaded. The page's Content-Security-Policy admits that one host as
a form action (theme/main.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from digest.common.errors import DigestError

DEFAULT_TEXT = "Get each new issue by e-mail."


@dataclass(frozen=True)
class Signup:
    action: str
    field: str = "email"
    text: str = DEFAULT_TEXT


def signup(extra: Any) -> Signup | None:
    """The sign-up box mkdocs.yml asks for, checked; None when it asks for none."""
    wanted = (extra or {}).get("signup")
    if wanted is None:
        return None
    if not isinstance(wanted, dict) or not isinstance(wanted.get("action"), str):
        raise DigestError("mkdocs.yml: extra.signup: needs action: the form's https:// address")
    action = wanted["action"].strip()
    parts = urlsplit(action)
    if parts.scheme != "https" or not parts.hostname:
        message = f"'{action}' is not an https:// address (the sign-up service's form action)"
        raise DigestError(f"mkdocs.yml: extra.signup.action: {message}")
    field = str(wanted.get("field") or "email")
    return Signup(action, field, str(wanted.get("text") or DEFAULT_TEXT))
