"""Errors that carry a Vietnamese sentence for the user.

A `UserError` is something the user can fix (bad file, bad input); its
`message` is shown as is. Anything else is a bug: logged with its trace.
"""

from __future__ import annotations


class UserError(Exception):
    """An error the user can act on; `message` is a Vietnamese sentence."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DatabaseError(UserError):
    """The database file cannot be used as it is."""


class NewerDatabaseError(DatabaseError):
    """The file was written by a newer version of the app."""


class NotOurDatabaseError(DatabaseError):
    """The file is not a database of this app."""


class TemplateError(UserError):
    """A plan template is malformed."""


class ValidationError(UserError):
    """A value entered by the user is not acceptable."""

    exit_code = 1


class NotFoundError(UserError):
    """A named thing (event, unit, template) does not exist."""
