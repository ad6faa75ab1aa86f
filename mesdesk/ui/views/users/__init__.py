"""The Users area (issue 15): an administrator's list of who may sign in, with which role."""

from .page import UsersPage

__all__ = ["UsersPage"]
