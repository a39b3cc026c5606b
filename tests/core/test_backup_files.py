"""The backup file's format and encryption, without a database: a round trip returns the
dump's bytes exactly; a wrong key, an altered byte, a file cut short or a missing key is
refused with a clear reason."""

import io

import pytest

from arraigo.core import backup_files
from arraigo.core.backup_files import BackupFileError, Description

DUMP = bytes(range(256)) * 9000  # a little over two chunks


def _description(encrypted: bool) -> Description:
    return Description(
        engine="sqlite",
        created_at="2026-12-04T06:00:00+00:00",
        schema={"registry": ["0001_initial"]},
        encrypted=encrypted,
        arraigo_version="0.1.0",
    )


def _file(key: bytes | None, dump: bytes = DUMP) -> bytes:
    out = io.BytesIO()
    backup_files.write(out, _description(key is not None), io.BytesIO(dump), key)
    return out.getvalue()


def _read(data: bytes, key: bytes | None) -> bytes:
    source = io.BytesIO(data)
    description = backup_files.read_description(source)
    return b"".join(backup_files.read_dump(source, description, key))


KEY = bytes(range(32))


@pytest.mark.parametrize("key", [None, KEY])
@pytest.mark.parametrize("dump", [DUMP, b"", b"x" * backup_files.CHUNK])
def test_a_round_trip_gives_the_dump_back(key, dump):
    assert _read(_file(key, dump), key) == dump


def test_an_encrypted_file_does_not_carry_the_dump_in_clear():
    assert DUMP[:4096] not in _file(KEY)
    assert DUMP[:4096] in _file(None)


def test_the_description_stays_readable_in_an_encrypted_file():
    description = backup_files.read_description(io.BytesIO(_file(KEY)))
    assert (description.engine, description.encrypted) == ("sqlite", True)
    assert description.schema == {"registry": ["0001_initial"]}


def test_a_wrong_key_is_refused():
    with pytest.raises(BackupFileError, match="not the one it was made with"):
        _read(_file(KEY), bytes(32))


def test_an_altered_byte_is_refused():
    data = bytearray(_file(KEY))
    data[-100] ^= 1
    with pytest.raises(BackupFileError, match="altered or cut short"):
        _read(bytes(data), KEY)


def test_a_file_cut_after_a_whole_chunk_is_refused():
    data = _file(KEY)
    first = len(backup_files.MAGIC) + len(_description(True).as_json())
    one_chunk = backup_files.NONCE + backup_files.LENGTH.size + backup_files.CHUNK + 16
    with pytest.raises(BackupFileError, match="altered or cut short"):
        _read(data[: first + one_chunk], KEY)


def test_an_encrypted_file_without_a_key_is_refused():
    with pytest.raises(BackupFileError, match="ARRAIGO_BACKUP_KEY"):
        _read(_file(KEY), None)


def test_a_file_that_is_not_a_backup_is_refused():
    with pytest.raises(BackupFileError, match="not an arraigo backup"):
        backup_files.read_description(io.BytesIO(b"SQLite format 3\x00"))


def test_the_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ARRAIGO_BACKUP_KEY", backup_files.new_key())
    assert len(backup_files.key_from_environment(required=True) or b"") == 32
    monkeypatch.setenv("ARRAIGO_BACKUP_KEY", "c2hvcnQ=")
    with pytest.raises(BackupFileError, match="must hold 32 bytes"):
        backup_files.key_from_environment(required=True)
    monkeypatch.delenv("ARRAIGO_BACKUP_KEY")
    assert backup_files.key_from_environment(required=False) is None
