"""Run bizcase as ``python -m bizcase``."""

from bizcase.cli import main

if __name__ == "__main__":
    main()
