from reportsvc import create_app

app = create_app()
