"""JSON that keeps key order and duplicate keys, and can emit raw number tokens: the tree the
campaign's structure-aware mutators edit (Obj, Raw, jparse/jdump, paths into the tree), the
values a first-wins or last-wins parser would see (plain), and the byte encoding of a result."""
import json
import re


class Obj(list):
    """A JSON object as a list of [key, value] pairs (order and duplicates kept)."""


class Raw:
    """A raw JSON token (a float as written, or any text spliced in as is)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text if len(self.text) < 60 else self.text[:40] + f"...({len(self.text)} chars)"


NUMBER_RE = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def jparse(data):
    text = data.decode("utf-8")
    return json.loads(text, object_pairs_hook=lambda pairs: Obj([list(p) for p in pairs]),
                      parse_float=Raw, parse_constant=Raw)


def jdump(v, indent=None, level=0):
    nl = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    if isinstance(v, Obj):
        if not v:
            return "{}"
        sep = ":" if indent is None else ": "
        return "{" + ",".join(nl + json.dumps(k, ensure_ascii=False) + sep + jdump(x, indent, level + 1)
                              for k, x in v) + end + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[" + ",".join(nl + jdump(x, indent, level + 1) for x in v) + end + "]"
    if isinstance(v, Raw):
        return v.text
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def walk(node, path=()):
    """(path, value) for every node; a path element is (index, key) in an Obj, an int in a list."""
    yield path, node
    if isinstance(node, Obj):
        for i, (k, v) in enumerate(node):
            yield from walk(v, path + ((i, k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def path_get_parent(root, path):
    node = root
    for el in path[:-1]:
        node = node[el[0]][1] if isinstance(el, tuple) else node[el]
    return node


def path_set(root, path, value):
    if not path:
        return value
    parent, el = path_get_parent(root, path), path[-1]
    if isinstance(el, tuple):
        parent[el[0]][1] = value
    else:
        parent[el] = value
    return root


def path_str(path):
    out = ""
    for el in path:
        out += f".{el[1]}" if isinstance(el, tuple) else f"[{el}]"
    return out.lstrip(".") or "(top)"


def path_fields(path):
    return [el[1] for el in path if isinstance(el, tuple)]


def numeric_kind(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return "int"
    if isinstance(v, Raw) and NUMBER_RE.match(v.text):
        return "float"
    if isinstance(v, str) and re.fullmatch(r"-?[0-9]{1,100}", v):
        return "numstr"
    return None


def plain(node, first_wins):
    """The Python value a parser keeping the first (or last) duplicate key would see."""
    if isinstance(node, Obj):
        out = {}
        for k, v in node:
            if first_wins and k in out:
                continue
            out[k] = plain(v, first_wins)
        return out
    if isinstance(node, list):
        return [plain(x, first_wins) for x in node]
    if isinstance(node, Raw):
        try:
            return float(node.text)
        except ValueError:
            return node.text
    return node


def enc(text):
    return text.encode("utf-8", "surrogatepass")


def short(v):
    s = jdump(v) if not isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 48 else s[:32] + f"...({len(s)} chars)"
