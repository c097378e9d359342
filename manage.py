#!/usr/bin/env python
import sys

if __name__ == "__main__":
    from dangvu.cli import start

    refused = start()  # Django set up, and the audit key checked against the database (audit.keys)
    if refused is not None:
        sys.exit(refused)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
