"""gingham's PEP 517 build backend: `pip install .` drives the project's CMake build.

The wheel is made from a CMake install into a staging folder: the pure-Python package, the compiled
``gingham._core`` and the ``libgingham.so.0`` it links, placed next to it (``_core`` finds it through its
``$ORIGIN`` rpath), so the installed package does not depend on the build folder.

Build folder: ``GINGHAM_BUILD_DIR``, or pip's ``--config-settings build-dir=...``, or ``build/`` in the
source tree (where scripts/build.sh builds, so an existing build is reused and only brought up to date).
A new build folder is configured with the tests, examples and benchmarks off. The version comes from the
top-level VERSION file, the one version source shared with CMake (and through ``gingham._core`` with
``gingham.__version__``). Standard library only (tomllib: Python 3.11+).
"""

import base64
import hashlib
import importlib.machinery
import io
import os
import pathlib
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

SOURCE = pathlib.Path(__file__).resolve().parent.parent


def project_version():
    """The version, from the top-level VERSION file (its first line)."""
    return (SOURCE / "VERSION").read_text().splitlines()[0].strip()


def project_table():
    """pyproject.toml's [project] table."""
    import tomllib  # Python 3.11+; the supported Debian interpreter is 3.11
    with open(SOURCE / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def metadata_text():
    """The core metadata (METADATA / PKG-INFO, version 2.1) made from [project] and VERSION."""
    project = project_table()
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project_version()}",
             f"Summary: {project['description']}", f"Requires-Python: {project['requires-python']}"]
    lines += [f"Keywords: {','.join(project.get('keywords', []))}"]
    lines += [f"Classifier: {classifier}" for classifier in project.get("classifiers", [])]
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    lines += ["Description-Content-Type: text/markdown", ""]
    return "\n".join(lines) + "\n" + (SOURCE / project["readme"]).read_text()


def wheel_tag():
    """The wheel's tag: this interpreter and platform (gingham._core is compiled for them)."""
    interpreter = f"cp{sys.version_info.major}{sys.version_info.minor}"
    return f"{interpreter}-{interpreter}-{sysconfig.get_platform().replace('-', '_').replace('.', '_')}"


def dist_info_name():
    return f"gingham-{project_version()}.dist-info"


def build_folder(config_settings):
    """The CMake build folder to use (see the module docstring)."""
    chosen = (config_settings or {}).get("build-dir") or os.environ.get("GINGHAM_BUILD_DIR")
    return pathlib.Path(chosen).resolve() if chosen else SOURCE / "build"


def run(command):
    """Runs a command, its output going to pip's log; a failure raises with the command in the message."""
    print("gingham build:", " ".join(str(part) for part in command), flush=True)
    status = subprocess.call([str(part) for part in command])
    if status != 0:
        raise RuntimeError(f"gingham build: `{' '.join(str(part) for part in command)}` failed with status {status}")


def cmake_build(build):
    """Configures `build` if it is new, then builds it (an up-to-date build does nothing)."""
    if not (build / "CMakeCache.txt").exists():
        run(["cmake", "-S", SOURCE, "-B", build, "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}",
             "-DGINGHAM_BUILD_TESTS=OFF", "-DGINGHAM_BUILD_EXAMPLES=OFF", "-DGINGHAM_BUILD_BENCHMARKS=OFF"])
    cache = (build / "CMakeCache.txt").read_text()
    if "GINGHAM_BUILD_PYTHON:BOOL=OFF" in cache:
        raise RuntimeError(f"gingham build: {build} was configured with GINGHAM_BUILD_PYTHON=OFF, so it builds no "
                           f"Python module: use another build folder (GINGHAM_BUILD_DIR=<a new folder>)")
    run(["cmake", "--build", build, "--target", "_core", "--parallel", str(os.cpu_count() or 1)])  # and libgingham


def staged_package(build, stage):
    """Installs the wheel's parts of `build` into `stage` (the CMake components runtime: libgingham, and
    python: the package and _core) and returns {path in the wheel: file}."""
    for component in ("runtime", "python"):
        run(["cmake", "--install", build, "--prefix", stage, "--component", component])
    packages = [path.parent for path in stage.rglob("gingham/__init__.py")]
    if len(packages) != 1:
        raise RuntimeError(f"gingham build: expected one installed gingham package under {stage}, found {packages}")
    package = packages[0]
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    if not (package / f"_core{suffix}").exists():
        found = sorted(path.name for path in package.glob("_core*"))
        raise RuntimeError(f"gingham build: the build in {build} made {found} but this interpreter ({sys.executable}) "
                           f"loads _core{suffix}: build for this Python (GINGHAM_BUILD_DIR=<a new folder>)")
    files = {f"gingham/{path.name}": path for path in sorted(package.iterdir()) if path.is_file()}
    libraries = sorted(stage.rglob("libgingham.so.*"))
    soname = min(libraries, key=lambda path: len(path.name))  # libgingham.so.MAJOR, what _core asks for
    files[f"gingham/{soname.name}"] = soname.resolve()
    return files


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(path, files):
    """Writes the wheel `path` from {name: bytes} plus its dist-info RECORD."""
    record = [record_line(name, data) for name, data in files.items()]
    record_name = f"{dist_info_name()}/RECORD"
    record.append(f"{record_name},,")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith(".so") or ".so." in name else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
        wheel.writestr(record_name, "\n".join(record) + "\n")


def dist_info_files():
    """{name: bytes} of the dist-info folder but RECORD."""
    wheel = f"Wheel-Version: 1.0\nGenerator: gingham_build\nRoot-Is-Purelib: false\nTag: {wheel_tag()}\n"
    return {f"{dist_info_name()}/METADATA": metadata_text().encode(), f"{dist_info_name()}/WHEEL": wheel.encode()}


# ---- PEP 517 hooks ---------------------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    folder = pathlib.Path(metadata_directory) / dist_info_name()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in dist_info_files().items():
        (pathlib.Path(metadata_directory) / name).write_bytes(data)
    return dist_info_name()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    build = build_folder(config_settings)
    cmake_build(build)
    with tempfile.TemporaryDirectory(prefix="gingham-wheel-") as stage:
        files = {name: path.read_bytes() for name, path in staged_package(build, pathlib.Path(stage)).items()}
    files.update(dist_info_files())
    name = f"gingham-{project_version()}-{wheel_tag()}.whl"
    write_wheel(pathlib.Path(wheel_directory) / name, files)
    return name


def build_sdist(sdist_directory, config_settings=None):
    """The source distribution: the files git tracks, plus PKG-INFO."""
    base = f"gingham-{project_version()}"
    tracked = subprocess.run(["git", "-C", SOURCE, "ls-files", "-z"], check=True, capture_output=True).stdout
    name = f"{base}.tar.gz"
    with tarfile.open(pathlib.Path(sdist_directory) / name, "w:gz") as archive:
        for relative in filter(None, tracked.decode().split("\0")):
            if (SOURCE / relative).is_file():
                archive.add(SOURCE / relative, arcname=f"{base}/{relative}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = metadata_text().encode()
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return name
