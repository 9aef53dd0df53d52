"""xsdata over the same corpus as ours, for `cargo xtask bench`.

usage:
  driver.py generate <xsd-root> <out>   one package per schema under <out>/xsdata_corpus/,
                                        with generate.tsv (schema, module, ok, seconds, error)
  driver.py import <out>                imports every generated package in this process;
                                        prints "imported OK of N in S s"
  driver.py speed <out> <runs> <module> <instance> [<module> <instance> ...]
                                        read and write throughput (MB/s, medians of <runs>)
                                        of the generated classes; one TSV line per instance

Module names follow the same rule as the xsd-parser driver (path, lower-case, `_`).
"""

import importlib
import os
import statistics
import sys
import time
from pathlib import Path


def module_name(rel, taken):
    m = "".join(c.lower() if c.isascii() and c.isalnum() else "_" for c in rel[: -len(".xsd")])
    while "__" in m:  # xsdata folds repeated underscores in package names
        m = m.replace("__", "_")
    m = m.strip("_")
    if not m or m[0].isdigit():
        m = "m_" + m
    base, n = m, 2
    while m in taken:
        m = f"{base}_{n}"
        n += 1
    taken.add(m)
    return m


def find(root):
    return sorted(p for p in root.rglob("*.xsd"))


def generate(root, out):
    from xsdata.codegen.transformer import ResourceTransformer
    from xsdata.models.config import GeneratorConfig
    import logging

    logging.getLogger("xsdata").setLevel(logging.ERROR)
    root = root.resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.chdir(out)
    pkg = out / "xsdata_corpus"
    pkg.mkdir(exist_ok=True)
    (pkg / "__init__.py").write_text("")
    taken = set()
    rows = ["schema\tmodule\tok\tseconds\terror"]
    started = time.perf_counter()
    # One pass over the sorted list, so rel paths match the Rust drivers' walk.
    files = []
    def walk(d):
        for p in sorted(d.iterdir(), key=lambda p: str(p)):
            if p.is_dir():
                walk(p)
            elif p.suffix == ".xsd":
                files.append(p)
    walk(root)
    for f in files:
        rel = f.relative_to(root).as_posix()
        module = module_name(rel, taken)
        t = time.perf_counter()
        try:
            config = GeneratorConfig()
            config.output.package = f"xsdata_corpus.{module}"
            ResourceTransformer(config=config).process([f.as_uri()])
            ok = (pkg / module).exists() or (pkg / f"{module}.py").exists()
            err = "" if ok else "nothing generated"
        except BaseException as e:  # noqa: BLE001 - a failing schema is a result, not a crash
            ok, err = False, f"{type(e).__name__}: {e}"
        err = err.replace("\t", " ").replace("\n", " ")[:300]
        rows.append(f"{rel}\t{module}\t{str(ok).lower()}\t{time.perf_counter() - t:.6f}\t{err}")
    (out / "generate.tsv").write_text("\n".join(rows) + "\n")
    print(f"xsdata driver: {len(files)} schemas in {time.perf_counter() - started:.3f} s", file=sys.stderr)


def import_all(out):
    sys.path.insert(0, str(out))
    rows = [l.split("\t") for l in (out / "generate.tsv").read_text().splitlines()[1:]]
    ok = 0
    started = time.perf_counter()
    failed = []
    for r in rows:
        if r[2] != "true":
            continue
        try:
            importlib.import_module(f"xsdata_corpus.{r[1]}")
            ok += 1
        except BaseException as e:  # noqa: BLE001
            failed.append(f"{r[0]}: {type(e).__name__}: {e}")
    for f in failed:
        print(f"import failed: {f}", file=sys.stderr)
    print(f"imported {ok} of {sum(1 for r in rows if r[2] == 'true')} in {time.perf_counter() - started:.3f} s")


def speed(out, runs, cases):
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.serializers import XmlSerializer

    sys.path.insert(0, str(out))
    context = XmlContext()
    for module, instance in cases:
        importlib.import_module(f"xsdata_corpus.{module}")
        data = Path(instance).read_bytes()
        parser = XmlParser(context=context)
        serializer = XmlSerializer(context=context)
        try:
            obj = parser.from_bytes(data)
        except BaseException as e:  # noqa: BLE001
            print(f"{Path(instance).name}\t{len(data)}\tunreadable: {type(e).__name__}: {e}".replace("\n", " "))
            continue
        reads, writes = [], []
        for _ in range(runs):
            t = time.perf_counter()
            obj = parser.from_bytes(data)
            reads.append(time.perf_counter() - t)
            t = time.perf_counter()
            text = serializer.render(obj)
            writes.append(time.perf_counter() - t)
        mb = len(data) / 1e6
        print(f"{Path(instance).name}\t{len(data)}\t{mb / statistics.median(reads):.3f}\t{mb / statistics.median(writes):.3f}\t{len(text)}")


def main():
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(Path(sys.argv[2]), Path(sys.argv[3]).resolve())
    elif cmd == "import":
        import_all(Path(sys.argv[2]).resolve())
    elif cmd == "speed":
        rest = sys.argv[4:]
        speed(Path(sys.argv[2]).resolve(), int(sys.argv[3]), list(zip(rest[0::2], rest[1::2])))
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
