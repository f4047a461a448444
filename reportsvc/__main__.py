"""The `reportsvc` console script (``python -m reportsvc`` too): builds the app with
``create_app()`` and runs the commands it registered (reportsvc/cli.py).

The top of the import graph: nothing in reportsvc imports this module.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from reportsvc import create_app

main = FlaskGroup(create_app=create_app, help="reportsvc: child protection conference reports")

if __name__ == "__main__":
    main()
