"""WSGI entry point for gunicorn: `gunicorn server.wsgi:application` (see `python app.py serve`)."""
from app import create_app

application = create_app().server
