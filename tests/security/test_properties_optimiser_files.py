"""Property-based test of the optimiser's plain-file instances (optimiser/csvfiles.py
`instance_read`, read by `arraigo solve`): households.csv, locations.csv and scores.csv, each
valid, or spoiled in one cell, cut short, or not text at all.

Property: `instance_read` returns an instance or raises InstanceFileError (or the instance's
own InstanceError), the two `arraigo solve` reports; nothing else. No database.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from arraigo.optimiser.csvfiles import InstanceFileError, instance_read
from arraigo.optimiser.instance import InstanceError

from .properties import nasty_text

FILES = {
    "households.csv": "household_id,people,workers\nh1,3,1\nh2,2,2\n",
    "locations.csv": "location_id,people,workers\nc1,10,5\nc2,4,2\n",
    "scores.csv": "household_id,location_id,score\nh1,c1,0.5\nh1,c2,0.25\nh2,c2,0.75\n",
}


@st.composite
def instances(draw: st.DrawFn) -> dict[str, bytes]:
    files = {name: text.encode() for name, text in FILES.items()}
    name = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["cell", "cut", "bytes", "latin-1", "huge"]))
    text = FILES[name]
    if how == "cell":
        lines = [line.split(",") for line in text.splitlines()]
        row = draw(st.integers(0, len(lines) - 1))
        column = draw(st.integers(0, len(lines[row]) - 1))
        lines[row][column] = draw(nasty_text)
        files[name] = "\n".join(",".join(cells) for cells in lines).encode("utf-8", "replace")
    elif how == "cut":
        files[name] = files[name][: draw(st.integers(0, len(files[name])))]
    elif how == "bytes":
        files[name] = draw(st.binary(max_size=200))
    elif how == "latin-1":
        files[name] = (text + "h9é,1,1\n").encode("latin-1")
    else:
        files[name] = (text + "h9," + "9" * 140_000 + ",1\n").encode()
    return files


@settings(max_examples=80)
@given(files=instances())
@example(files={**{n: t.encode() for n, t in FILES.items()}, "households.csv": b"\xff\xfe"})
@example(
    files={
        **{n: t.encode() for n, t in FILES.items()},
        "scores.csv": FILES["scores.csv"].encode() + b"h1," + b"c" * 140_000 + b",1\n",
    }
)
def test_an_instance_folder_is_read_or_refused_by_file_and_row(files):
    # found: a file in another encoding raised UnicodeDecodeError, a cell over csv's field
    # limit csv.Error: `arraigo solve` stopped with a traceback
    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        try:
            instance = instance_read(Path(folder))
        except (InstanceFileError, InstanceError):
            return
        assert len(instance.households) >= 1
