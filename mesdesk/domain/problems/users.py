"""Problems of users, sign-in and roles (issue 15).

``action`` is the use case that was refused (``close_batch``); ``role`` and ``needed`` are role
names (operator, supervisor, administrator).
"""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "AUTH_FORBIDDEN", "AUTH_NOT_SIGNED_IN", "AUTH_UNKNOWN_USER", "AUTH_WRONG_PIN",
    "AUTH_UNKNOWN_BADGE", "AUTH_NO_PIN", "AUTH_USER_MISSING",
    "USER_LOGIN_INVALID", "USER_EXISTS", "USER_ROLE_UNKNOWN", "USER_PIN_INVALID",
    "USER_BADGE_INVALID", "USER_BADGE_TAKEN", "USER_NOT_FOUND", "USER_LAST_ADMINISTRATOR",
    "USER_NO_CREDENTIALS", "USER_NAME_INVALID", "USER_DEACTIVATE_SELF",
]

# -- signing in and being allowed -------------------------------------------------------------
#: ``action``: the use case refused (for programs); ``ability``: what it is in words.
AUTH_FORBIDDEN = define("auth.forbidden", Kind.FORBIDDEN,
                        "{user} ({role}) may not {ability}: that takes the {needed} role")
AUTH_NOT_SIGNED_IN = define("auth.not_signed_in", Kind.SIGN_IN,
                            "nobody is signed in: sign in with a badge or a PIN first")
AUTH_UNKNOWN_USER = define("auth.unknown_user", Kind.SIGN_IN,
                           "there is no active user '{login}'")
AUTH_WRONG_PIN = define("auth.wrong_pin", Kind.SIGN_IN, "wrong PIN for '{login}'")
AUTH_UNKNOWN_BADGE = define("auth.unknown_badge", Kind.SIGN_IN,
                            "this badge belongs to no active user")
AUTH_USER_MISSING = define("auth.user_missing", Kind.SIGN_IN,
                           "say who runs this: --user LOGIN, or MESDESK_USER in the environment")
AUTH_NO_PIN = define("auth.no_pin", Kind.SIGN_IN,
                     "'{login}' has no PIN: sign in with the badge")

# -- managing users ---------------------------------------------------------------------------
USER_LOGIN_INVALID = define(
    "user.login_invalid", Kind.VALIDATION,
    "a login is 1 to 64 Latin letters, digits, dots, dashes or underscores, got '{login}'")
USER_NAME_INVALID = define("user.name_invalid", Kind.VALIDATION,
                           "a name is at most 200 characters without control characters")
USER_EXISTS = define("user.exists", Kind.CONFLICT, "there is a user '{login}' already")
USER_ROLE_UNKNOWN = define(
    "user.role_unknown", Kind.VALIDATION,
    "unknown role '{role}': the roles are operator, supervisor and administrator")
USER_PIN_INVALID = define("user.pin_invalid", Kind.VALIDATION, "a PIN is 4 to 12 digits")
USER_BADGE_INVALID = define("user.badge_invalid", Kind.VALIDATION,
                            "a badge code is 4 to 200 visible characters")
USER_BADGE_TAKEN = define("user.badge_taken", Kind.CONFLICT,
                          "this badge belongs to '{login}' already")
USER_NOT_FOUND = define("user.not_found", Kind.NOT_FOUND, "there is no user '{login}'")
USER_LAST_ADMINISTRATOR = define(
    "user.last_administrator", Kind.CONFLICT,
    "'{login}' is the last active administrator: make another user an administrator first")
USER_DEACTIVATE_SELF = define(
    "user.deactivate_self", Kind.CONFLICT,
    "you cannot deactivate yourself ('{login}'): another administrator can")
USER_NO_CREDENTIALS = define("user.no_credentials", Kind.VALIDATION,
                             "give the user a badge, a PIN or both")
