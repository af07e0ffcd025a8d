"""The command line: ``python -m armsdash build|metrics|query|ingest|template``."""
