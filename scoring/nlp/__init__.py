"""The spaCy pipeline and its rule components (built once per process, see pipeline.py)."""
