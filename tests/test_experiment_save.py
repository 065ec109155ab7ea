"""Atomic saves: a file is either completely written or left as it was."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from bplab.experiment import SaveError, default_experiment, load_experiment, save_experiment
from bplab.experiment import io as exp_io


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(default_experiment(), path)
    return path


def _changed():
    exp = default_experiment()
    exp.name = "changed"
    return exp


def _only(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_save_replaces_and_leaves_no_temp_file(saved):
    save_experiment(_changed(), saved)
    assert load_experiment(saved).name == "changed"
    assert _only(saved) == ["exp.json"]


def test_failed_replace_keeps_old_file(saved, monkeypatch):
    before = saved.read_bytes()

    def broken(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(SaveError) as info:
        save_experiment(_changed(), saved)
    assert isinstance(info.value, OSError)
    assert str(info.value).startswith(f"could not save to {saved}: ")
    assert saved.read_bytes() == before
    assert _only(saved) == ["exp.json"]


def test_failure_while_writing_keeps_old_file(saved):
    before = saved.read_bytes()

    def half_then_fail(f):
        f.write(b'{"format": "bplab-exp')
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        exp_io.write_atomically(saved, half_then_fail)
    assert saved.read_bytes() == before
    assert _only(saved) == ["exp.json"]


def test_full_disk_message(saved, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match="the disk is full"):
        save_experiment(_changed(), saved)
    assert load_experiment(saved).name != "changed"
    assert _only(saved) == ["exp.json"]


def test_read_only_folder_message(tmp_path, monkeypatch):
    real_open = os.open

    def denied(path, flags, mode=0o777, **kw):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(SaveError) as info:
        save_experiment(default_experiment(), tmp_path / "e.json")
    msg = str(info.value)
    assert msg == (f"could not save to {tmp_path / 'e.json'}: the folder is read-only or you "
                   "may not write there (permission denied); choose another folder")
    assert info.value.errno == errno.EACCES
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write into read-only folders")
def test_really_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(SaveError, match="read-only"):
            save_experiment(default_experiment(), folder / "e.json")
    finally:
        folder.chmod(stat.S_IRWXU)


def test_missing_folder_message(tmp_path):
    with pytest.raises(SaveError, match="the folder does not exist"):
        save_experiment(default_experiment(), tmp_path / "nope" / "e.json")


def test_saving_onto_a_folder(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(SaveError, match="is a folder"):
        save_experiment(default_experiment(), tmp_path / "d")
    assert [p.name for p in tmp_path.iterdir()] == ["d"]


def test_replaced_file_keeps_its_permissions(saved):
    saved.chmod(0o640)
    save_experiment(_changed(), saved)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640


def test_new_file_gets_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        save_experiment(default_experiment(), tmp_path / "n.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "n.json").stat().st_mode) == 0o644
