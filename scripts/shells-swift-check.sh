#!/usr/bin/env bash
# Swift syntax check (no Swift compiler can be had here): parses ios/**/*.swift and the generated
# bindings/generated/swift/*.swift with tree-sitter's Swift grammar (PyPI `tree-sitter` +
# `tree-sitter-swift`, installed once into .tools/swift-syntax) and fails on any ERROR or MISSING
# node, printing file:line:column of each. Syntax only: types and APIs are not checked.
# Two constructs of uniffi's generated Swift that are valid Swift but that grammar 0.7.4 does not
# parse are blanked first (line numbers kept): `#if swift(>=5.8) @_documentation(...) #endif` around
# a declaration, and the empty closure `{ () }`. A broken snippet is parsed first: the check fails if
# it finds no error there (it cannot pass by parsing nothing).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

tools=".tools/swift-syntax"
if ! PYTHONPATH="$tools" python3 -c 'import tree_sitter, tree_sitter_swift' 2>/dev/null; then
  command -v pip3 >/dev/null 2>&1 || apt_install python3-pip || exit 1
  rm -rf "$tools"
  pip3 install -q --disable-pip-version-check --target "$tools" "tree-sitter==0.26.1" "tree-sitter-swift==0.7.4" || {
    echo "swift-check: could not install tree-sitter from PyPI"; exit 1
  }
fi

mapfile -t files < <(find ios bindings/generated/swift -name '*.swift' | sort)
PYTHONPATH="$tools" python3 - "${files[@]}" <<'PY'
import re
import sys
import tree_sitter
import tree_sitter_swift

parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_swift.language()))
DOC_ATTRIBUTE = re.compile(r"(?m)^[ \t]*#if swift\(>=5\.8\)\n[ \t]*@_documentation\(visibility: private\)\n[ \t]*#endif\n")


def errors_in(text):
    text = DOC_ATTRIBUTE.sub("\n\n\n", text).replace("{ () }", "{ return }")
    tree = parser.parse(text.encode("utf-8"))
    found = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            found.append(node)
        elif node.has_error:
            stack.extend(node.children)
    return found


if not errors_in("struct S {\n    func f( -> Int { return 1 }\n}\n"):
    print("swift-check: the parser finds no error in a broken snippet")
    sys.exit(1)

bad = 0
for path in sys.argv[1:]:
    errors = []
    for node in errors_in(open(path, encoding="utf-8").read()):
        line, column = node.start_point
        kind = "missing " + node.type if node.is_missing else "syntax error"
        errors.append(f"{path}:{line + 1}:{column + 1}: {kind}")
    if errors:
        bad += 1
        print("\n".join(sorted(errors)))
    else:
        print(f"ok {path}")
print(f"swift syntax: {len(sys.argv) - 1 - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
