"""Refresh the vendored front-end assets under ``webviz/sotegraph_webviz/static/vendor/`` from npm.

Each entry of ``ASSETS`` names an npm package, its pinned version and the files to copy out of
the published tarball (path inside the package → destination under ``webviz/sotegraph_webviz/static/vendor/``).
The script runs ``npm pack`` in a temporary directory (no ``node_modules``, nothing installed),
copies the files, and writes ``VERSION`` (package, version, tarball integrity) and ``LICENSE``
(the package's own licence file, or — when the package ships none — its declared SPDX licence
with a pointer to the upstream repository) beside them.

CI never runs this: the vendored files are committed. Run it by hand to upgrade:

    python scripts/vendor_assets.py            # every entry
    python scripts/vendor_assets.py yasgui     # one entry by its key
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "webviz" / "sotegraph_webviz" / "static" / "vendor"
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license", "license.md")
#: Full text of the SPDX licences we accept, for packages that ship no licence file.
SPDX_TEXTS = {
    "MIT": """Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
""",
}


@dataclass(frozen=True)
class Asset:
    """One vendored npm package: what to fetch and which of its files to keep where."""

    package: str
    version: str
    files: dict[str, str]  # path inside the npm package -> path under the asset's directory
    directory: str  # directory under webviz/sotegraph_webviz/static/vendor/


ASSETS: dict[str, Asset] = {
    "yasgui": Asset(
        package="@zazuko/yasgui",
        version="4.6.2",
        files={"build/yasgui.min.js": "yasgui.min.js", "build/yasgui.min.css": "yasgui.min.css"},
        directory="yasgui",
    ),
    "vis-network": Asset(
        package="vis-network",
        version="10.1.5",
        files={"standalone/umd/vis-network.min.js": "vis-network.min.js",
               "styles/vis-network.min.css": "vis-network.min.css",
               "LICENSE-MIT": "LICENSE-MIT", "LICENSE-APACHE-2.0": "LICENSE-APACHE-2.0"},
        directory="vis-network",
    ),
    # The WebGL renderer measured against vis-network in benchmarks/bench_view.py (UMD builds: globals
    # `graphology` and `Sigma`).
    "graphology": Asset(
        package="graphology",
        version="0.26.0",
        files={"dist/graphology.umd.min.js": "graphology.umd.min.js"},
        directory="graphology",
    ),
    "sigma": Asset(
        package="sigma",
        version="4.0.4",
        files={"dist/sigma.min.js": "sigma.min.js"},
        directory="sigma",
    ),
}


def npm_pack(package: str, version: str, workdir: Path) -> tuple[Path, dict]:
    """Download the package tarball with `npm pack` and unpack it; return (package dir, pack info)."""
    completed = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--json", "--pack-destination", str(workdir)],
        cwd=workdir, check=True, capture_output=True, text=True)
    info = json.loads(completed.stdout)[0]
    with tarfile.open(workdir / info["filename"]) as tarball:
        tarball.extractall(workdir, filter="data")
    return workdir / "package", info


def licence_text(package_dir: Path, manifest: dict) -> str:
    """The package's own licence file, or a note naming its declared licence and upstream."""
    for name in LICENCE_NAMES:
        if (package_dir / name).is_file():
            return (package_dir / name).read_text(encoding="utf-8")
    repository = manifest.get("repository", {})
    upstream = repository.get("url", "") if isinstance(repository, dict) else str(repository)
    spdx = manifest.get("license", "UNKNOWN")
    contributors = ", ".join(c.get("name", "") if isinstance(c, dict) else str(c)
                             for c in manifest.get("contributors", []))
    return (f"{manifest['name']} {manifest['version']} is published under the {spdx} licence "
            f"(package.json \"license\" field; the npm package ships no licence file).\n"
            f"Copyright (c) {manifest.get('author', 'its authors')}"
            f"{', ' + contributors if contributors else ''}. Upstream: {upstream}\n\n"
            f"{SPDX_TEXTS.get(spdx, 'See the upstream repository for the full licence text.')}")


def refresh(key: str, asset: Asset) -> None:
    """Fetch one asset from npm and replace its vendored files, VERSION and LICENSE."""
    destination = VENDOR_DIR / asset.directory
    with tempfile.TemporaryDirectory(prefix="sotegraph-vendor-") as tmp:
        package_dir, info = npm_pack(asset.package, asset.version, Path(tmp))
        manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
        destination.mkdir(parents=True, exist_ok=True)
        for source, target in asset.files.items():
            (destination / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package_dir / source, destination / target)
        (destination / "VERSION").write_text(
            f"{asset.package} {asset.version}\nintegrity {info.get('integrity', '')}\n"
            f"files {' '.join(asset.files)}\nrefreshed by scripts/vendor_assets.py ({key})\n",
            encoding="utf-8")
        (destination / "LICENSE").write_text(licence_text(package_dir, manifest), encoding="utf-8")
    print(f"{key}: {asset.package}@{asset.version} -> {destination}")


def main(argv: list[str] | None = None) -> int:
    """Refresh the assets named on the command line (all when none are named)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", help=f"assets to refresh (default: all of {', '.join(ASSETS)})")
    args = parser.parse_args(argv)
    unknown = [key for key in args.keys if key not in ASSETS]
    if unknown:
        parser.error(f"unknown asset(s) {', '.join(unknown)}; known: {', '.join(ASSETS)}")
    for key in args.keys or list(ASSETS):
        refresh(key, ASSETS[key])
    return 0


if __name__ == "__main__":
    sys.exit(main())
