"""Generate a large argument library for benchmarks: valid entries, varied like real ones.

    python benchmarks/generate.py 10000 /tmp/library-10000

The library is written to a temporary folder by the benchmark and never committed.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from bizcase import scaffold, schema
from bizcase.library import load_library, packaged_path

SYLLABLES = [consonant + vowel for consonant in "bdfklmnprstv" for vowel in "aeiou"]


def _words(count: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocabulary: list[str], low: int, high: int) -> str:
    # As in real text, a few words are common and most are rare, so claims differ.
    words = []
    while True:
        if rng.random() < 0.3:
            word = vocabulary[min(int(rng.paretovariate(1.2)) - 1, 50)]
        else:
            word = rng.choice(vocabulary)
        words.append(word)
        text = " ".join(words)
        if len(text) >= low:
            return text[:high].rstrip()


def generate(count: int, folder: Path, seed: int = 2012) -> Path:
    """Write ``count`` valid entries, with the shipped vocabularies, into ``folder``."""
    rng = random.Random(seed)
    shipped = packaged_path("arguments")
    library = load_library(shipped)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("org-types.yaml", "concerns.yaml", "sources.yaml", "schema.json"):
        shutil.copy(shipped / name, folder / name)
    vocabulary = _words(20_000, rng)
    rng.shuffle(vocabulary)
    org_types = list(library.org_types)
    concerns = list(library.concerns)
    sources = list(library.sources)
    for number in range(count):
        kind = "reason" if rng.random() < 0.6 else "safeguard"
        entry_id = f"entry-{number:05d}"
        title = _sentence(rng, vocabulary, 20, 78).capitalize()
        summary = _sentence(rng, vocabulary, 60, 190).capitalize() + "."
        body = "\n\n".join(
            _sentence(rng, vocabulary, 150, 400).capitalize() + "."
            for _ in range(rng.randint(1, 3))
        )
        fields = {
            "id": entry_id,
            "kind": kind,
            "title": title,
            "summary": summary,
            "org_types": ["all"]
            if rng.random() < 0.7
            else rng.sample(org_types, rng.randint(1, 3)),
            "concerns": rng.sample(concerns, rng.randint(1, 3)),
            "strength": rng.randint(1, 5),
            "source": rng.choice(sources),
        }
        if fields["source"] == schema.OWN_IDEA:
            fields["credit"] = f"Contributor {number}"  # as the check asks of an own idea
        sub = folder / scaffold.FOLDERS[kind]
        sub.mkdir(exist_ok=True)
        (sub / f"{entry_id}.md").write_text(
            scaffold.entry_text(fields, body, "../schema.json"), encoding="utf-8"
        )
    return folder


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
