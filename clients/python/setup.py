"""Build hook: generates the gongwen stubs from the repository's protos with grpcio-tools.

Every build (wheel, editable install, sdist: its egg_info and build_py steps) runs grpc_tools.protoc over proto/gongwen/**/*.proto
into src/gongwen/ (*_pb2.py, *_pb2.pyi, *_pb2_grpc.py). google/rpc is not generated: the package
depends on googleapis-common-protos and grpcio-status for the standard google.rpc types.

The protos are found at $GONGWEN_PROTO_DIR, else ../../proto (pip builds in-tree, so a checkout's
proto/ is reachable). An unpacked sdist carries the modules it was made with instead.
"""

import os
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py as _build_py
from setuptools.command.egg_info import egg_info as _egg_info

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = SRC / "gongwen"


def proto_root():
    """The directory holding gongwen/**/*.proto, or None."""
    root = Path(os.environ.get("GONGWEN_PROTO_DIR") or HERE.parent.parent / "proto").resolve()
    return root if (root / "gongwen").is_dir() else None


def from_sdist():
    """An unpacked sdist: no protos, but the modules generated when it was made."""
    return (HERE / "PKG-INFO").is_file() and any(OUT.rglob("*_pb2.py"))


def fail(message):
    sys.stderr.write(f"\ngongwen-client: {message}\n\n")
    raise SystemExit(1)


ROOT = proto_root()
if ROOT is None and not from_sdist():
    fail(
        f"cannot find the gongwen protos (looked for {HERE.parent.parent / 'proto'}/gongwen). Build this "
        "package from a checkout of the gongwen repository (python3 -m pip install ./clients/python), "
        "or set GONGWEN_PROTO_DIR to the directory that holds gongwen/**/*.proto."
    )


def packages():
    """gongwen and one package per directory of protos (gongwen.intake.v1, ...), plus the helpers."""
    if ROOT is not None:
        dirs = {p.parent.relative_to(ROOT) for p in (ROOT / "gongwen").rglob("*.proto")}
    else:
        dirs = {p.parent.relative_to(SRC) for p in OUT.rglob("*_pb2.py")}
    names = {".".join(d.parts[:i]) for d in dirs for i in range(1, len(d.parts) + 1)}
    return sorted(names) + ["gongwen_client"]


_generated = False


def generate():
    """Run protoc into src/gongwen (replacing what an earlier build left there), once a process."""
    global _generated
    if ROOT is None or _generated:
        return  # an unpacked sdist keeps what it carries
    _generated = True
    import grpc_tools
    from grpc_tools import protoc

    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "gongwen").rglob("*.proto"))
    if not files:
        fail(f"no .proto files under {ROOT / 'gongwen'}")
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    shutil.rmtree(OUT, ignore_errors=True)
    args = ["grpc_tools.protoc", f"-I{ROOT}", f"-I{well_known}",
            f"--python_out={SRC}", f"--pyi_out={SRC}", f"--grpc_python_out={SRC}", *files]
    if protoc.main(args) != 0:
        fail(f"grpc_tools.protoc failed on {ROOT}: {' '.join(args)}")
    for d in [OUT, *(p for p in OUT.rglob("*") if p.is_dir())]:
        (d / "__init__.py").touch()
    (OUT / "py.typed").touch()
    # google.rpc comes from googleapis-common-protos; a gongwen proto importing anything else
    # outside gongwen/ and google/protobuf/ would need it generated (and shipped) here too.
    for module in OUT.rglob("*.py"):
        for imported in re.findall(r"^(?:from|import) ([\w.]+)", module.read_text(), re.M):
            if imported.split(".")[0] not in ("gongwen", "grpc", "warnings") and not imported.startswith(
                    ("google.protobuf", "google.rpc")):
                fail(f"{module.relative_to(SRC)} imports {imported}, which this package does not provide")


def runtime_requirements():
    """The generated code checks its runtime: grpcio at least the grpcio-tools that generated it,
    protobuf within the range that grpcio-tools' protoc generates for."""
    try:
        tools = metadata.version("grpcio-tools")
        protobuf = next((r for r in metadata.requires("grpcio-tools") or []
                         if re.match(r"protobuf\b", r)), "protobuf")
    except metadata.PackageNotFoundError:
        tools, protobuf = "1.66", "protobuf"
    return [f"grpcio>={tools}", protobuf, "grpcio-status", "googleapis-common-protos>=1.56"]


class build_py(_build_py):
    def run(self):
        generate()
        shutil.rmtree(Path(self.build_lib) / "gongwen", ignore_errors=True)  # no stale modules
        super().run()


class egg_info(_egg_info):
    # The metadata step (and sdist, through it) lists the packages' files: they must exist by then.
    def run(self):
        generate()
        super().run()


setup(
    packages=packages(),
    package_data={"": ["*.pyi", "py.typed"]},
    install_requires=runtime_requirements(),
    cmdclass={"build_py": build_py, "egg_info": egg_info},
)
