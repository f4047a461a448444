"""Template setup and blueprint registration (one blueprint per audience)."""

from __future__ import annotations

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from reportsvc import filters


def register_blueprints(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("reportsvc"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    # govuk-frontend-jinja reads optional parameters as undefined names and attributes, so
    # the default (lenient) Undefined stays; tests render every page to catch our mistakes.
    app.jinja_env.autoescape = True
    WTFormsHelpers(app)
    filters.init_app(app)

    from reportsvc.admin import data_protection as _data_protection  # noqa: F401 - joins admin_bp
    from reportsvc.admin.views import bp as admin_bp
    from reportsvc.api import conferences as _api_conferences  # noqa: F401 - routes join api_bp
    from reportsvc.api import outcomes as _api_outcomes  # noqa: F401 - routes join api_bp
    from reportsvc.api.views import bp as api_bp
    from reportsvc.auth.welcome import bp as welcome_bp
    from reportsvc.author.views import bp as author_bp
    from reportsvc.coordinator import bp as coordinator_bp
    from reportsvc.coordinator import pages as _pages  # noqa: F401 - routes join coordinator_bp
    from reportsvc.coordinator import upload as _upload  # noqa: F401 - routes join coordinator_bp
    from reportsvc.documents.views import bp as documents_bp
    from reportsvc.main import bp as main_bp
    from reportsvc.qa.views import bp as qa_bp
    from reportsvc.review import outcome as _outcome  # noqa: F401 - routes join review_bp
    from reportsvc.review.views import bp as review_bp

    for bp in (
        main_bp,
        author_bp,
        review_bp,
        coordinator_bp,
        qa_bp,
        admin_bp,
        api_bp,
        documents_bp,
        welcome_bp,
    ):
        app.register_blueprint(bp)
