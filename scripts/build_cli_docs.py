"""Write docs/cli.md from the commands' --help (see libgraph.commands.reference)."""

from pathlib import Path

from libgraph.cli import main
from libgraph.commands.reference import reference

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    target.write_text(reference(main), encoding="utf-8")
    print(f"wrote {target}")
