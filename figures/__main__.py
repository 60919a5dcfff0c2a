"""`python -m figures` runs the command line (same as the `figures` script)."""
from .cli import main

main(prog_name="figures")
