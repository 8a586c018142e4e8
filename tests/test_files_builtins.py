"""File functions checked from Python: the exact bytes written, encodings read, path forms.

Each test runs WLangage code with the current directory set to a fresh temporary directory.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from wlmail.runtime.driver import run_source
from wlmail.runtime.host import CaptureHost


def run(code: str, filename: str = "case.wl") -> tuple[int, list[str], str]:
    host = CaptureHost()
    status = run_source(code, filename, host)
    return status, host.out.getvalue().splitlines(), host.err.getvalue()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_save_text_writes_utf8_without_bom_and_crlf(in_tmp: Path) -> None:
    status, out, err = run('Info(fSauveTexte("a.txt", "été" + RC + "x"))\n')
    assert (status, out, err) == (0, ["1"], "")
    assert (in_tmp / "a.txt").read_bytes() == "été\r\nx".encode()


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("foAnsi", "été".encode("cp1252")),
        ("foUnicode", codecs.BOM_UTF16_LE + "été".encode("utf-16-le")),
        ("foUTF8", codecs.BOM_UTF8 + "été".encode()),
    ],
)
def test_save_text_encodings(in_tmp: Path, option: str, expected: bytes) -> None:
    status, out, _ = run(f'Info(fSauveTexte("e.txt", "été", {option}))\n')
    assert (status, out) == (0, ["1"])
    assert (in_tmp / "e.txt").read_bytes() == expected


def test_save_text_of_a_buffer_writes_it_unchanged(in_tmp: Path) -> None:
    run('fSauveTexte("b.txt", ChaîneVersUTF8("Noël"))\n')
    assert (in_tmp / "b.txt").read_bytes() == "Noël".encode()


@pytest.mark.parametrize(
    "data",
    [
        "Noël à l'été".encode(),
        codecs.BOM_UTF8 + "Noël à l'été".encode(),
        codecs.BOM_UTF16_LE + "Noël à l'été".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Noël à l'été".encode("utf-16-be"),
        "Noël à l'été".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1252"],
)
def test_load_text_detects_the_encoding(in_tmp: Path, data: bytes) -> None:
    (in_tmp / "in.txt").write_bytes(data)
    status, out, _ = run('Info(fChargeTexte("in.txt"))\n')
    assert (status, out) == (0, ["Noël à l'été"])


def test_load_text_keeps_the_bytes_windows_1252_leaves_undefined(in_tmp: Path) -> None:
    (in_tmp / "in.txt").write_bytes(b"\x80\x81\xe9")  # euro sign, hole, e acute
    status, out, _ = run(
        's est une chaîne = fChargeTexte("in.txt")\nInfo(Taille(s), Asc(s[[2]]))\n'
    )
    assert (status, out) == (0, ["3", str(0x81)])


def test_load_text_keeps_crlf(in_tmp: Path) -> None:
    (in_tmp / "in.txt").write_bytes(b"a\r\nb")
    status, out, _ = run('Info(ExtraitChaîne(fChargeTexte("in.txt"), 2, RC))\n')
    assert (status, out) == (0, ["b"])


def test_add_text_appends_bytes(in_tmp: Path) -> None:
    (in_tmp / "log.txt").write_bytes(b"a\r\n")
    run('fAjouteTexte("log.txt", "é" + RC)\n')
    assert (in_tmp / "log.txt").read_bytes() == "a\r\né\r\n".encode()


def test_backslash_paths_are_directories(in_tmp: Path) -> None:
    status, out, _ = run('Info(fRepCrée("d\\e"), fSauveTexte("d\\e\\f.txt", "x"))\n')
    assert (status, out) == (0, ["1", "1"])
    assert (in_tmp / "d" / "e" / "f.txt").read_text() == "x"


def test_load_buffer_returns_the_raw_bytes(in_tmp: Path) -> None:
    (in_tmp / "b.bin").write_bytes(bytes(range(256)))
    status, out, _ = run(
        'b est un buffer = fChargeBuffer("b.bin")\nInfo(Taille(b), fTaille("b.bin"))\n'
    )
    assert (status, out) == (0, ["256", "256"])


def test_failures_are_not_fatal_and_set_error_info(in_tmp: Path) -> None:
    code = (
        'Info(fSauveTexte("no/such/dir/x.txt", "x"))\n'
        "Info(ErreurDétectée)\n"
        'Info(fSupprime("absent.txt"), ErreurInfo(errMessage))\n'
    )
    status, out, err = run(code)
    assert status == 0 and err == ""
    assert out == ["0", "1", "0", "fichier « absent.txt » introuvable"]


def test_error_info_has_the_system_reason(in_tmp: Path) -> None:
    status, out, _ = run('fChargeTexte("absent.txt")\nInfo(ErreurInfo(errMessageSystème))\n')
    assert status == 0 and out == ["No such file or directory"]


def test_exe_dir_is_the_script_directory(in_tmp: Path) -> None:
    script = in_tmp / "sub" / "s.wl"
    script.parent.mkdir()
    status, out, _ = run("Info(fRepExe())\n", str(script))
    assert (status, out) == (0, [str(script.parent)])


@pytest.mark.parametrize("name", ["<script>", "-"])
def test_exe_dir_of_a_script_without_file_is_the_current_directory(in_tmp: Path, name: str) -> None:
    status, out, _ = run("Info(fRepExe())\n", name)
    assert (status, out) == (0, [str(in_tmp)])


def test_rename_refuses_to_overwrite(in_tmp: Path) -> None:
    (in_tmp / "a.txt").write_text("a")
    (in_tmp / "b.txt").write_text("b")
    status, out, _ = run('Info(fRenomme("a.txt", "b.txt"), ErreurDétectée)\n')
    assert (status, out) == (0, ["0", "1"])
    assert (in_tmp / "b.txt").read_text() == "b"


def test_copy_replaces_an_existing_copy(in_tmp: Path) -> None:
    (in_tmp / "a.txt").write_text("new")
    (in_tmp / "b.txt").write_text("old")
    status, out, _ = run('Info(fCopieFichier("a.txt", "b.txt"))\n')
    assert (status, out) == (0, ["1"])
    assert (in_tmp / "b.txt").read_text() == "new"


def test_file_exist_is_true_for_a_directory(in_tmp: Path) -> None:
    (in_tmp / "d").mkdir()
    status, out, _ = run(
        'Info(fFichierExiste("d"), fRépertoireExiste("d"), fRépertoireExiste("x"))\n'
    )
    assert (status, out) == (0, ["1", "1", "0"])


def test_unknown_encoding_is_a_fatal_error(in_tmp: Path) -> None:
    status, _, err = run('fSauveTexte("e.txt", "x", 99)\n')
    assert status == 70 and "encodage inconnu" in err
