"""Mail: templates, the ways mail leaves (SMTP, GOV.UK Notify, an outbox folder) and the
worker that sends what ``reportsvc.services.outbox.queue`` put in the outbox table.

Nothing here imports Flask views; the worker needs an app only for its config and database.
See docs/architecture.md, "Mail and background work".
"""

from .templates import TEMPLATES, MailTemplateError, render, validate

__all__ = ["TEMPLATES", "MailTemplateError", "render", "validate"]
