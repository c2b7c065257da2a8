#!/usr/bin/env python3
"""Checks docs/openapi.yaml against itself and against the code it documents.

    python3 docs/check_openapi.py        (from the repository root; exit 1 on any problem)

Needs PyYAML. When openapi-spec-validator / openapi-schema-validator are installed it also validates
the document against the OpenAPI 3.0 schema and every example against its schema; without them those
two checks are skipped (and said so), the others still run.

What it checks, and why: the document is hand-written, so it drifts from the code unless something
compares them. Here the code is read as text (no build needed):
  - every $ref resolves;
  - the ReasonCode enum is exactly org.govmail.auth.Reason, in order;
  - every code listed in an error response's x-govmail-codes is a ReasonCode whose HTTP status
    (RestSupport.status) is that response's status;
  - every code listed in x-govmail-token-codes (codes the WebAdmin authentication filter answers with
    its own status when it refuses an access token, e.g. ACCOUNT_SUSPENDED as 401 although it is 400
    everywhere else) is a ReasonCode that AdminAuthFilter answers with that response's status;
  - the documented paths and methods are exactly the routes the Routes classes define;
  - every Reason has a Korean and an English text (the `message` of an error).
"""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ADMIN = ROOT / "cert-auth-module/src/main/java/org/govmail/auth/admin"
REASON = ROOT / "cert-auth-module/src/main/java/org/govmail/auth/Reason.java"
AUTH_FILTER = ROOT / "server/src/main/java/org/govmail/server/webadmin/AdminAuthFilter.java"
TEXTS = ROOT / "cert-auth-module/src/main/resources/org/govmail/auth/i18n"
METHODS = ("get", "post", "put", "delete", "patch", "head", "options")

problems = []


def problem(message):
    problems.append(message)


def resolve(document, ref):
    if not ref.startswith("#/"):
        raise KeyError(ref)
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def walk(node, path=()):
    """Yields (path, node) for every dict in the document."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, path + (str(key),))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, path + (str(index),))


def check_refs(document):
    for path, node in walk(document):
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                resolve(document, ref)
            except (KeyError, IndexError, TypeError):
                problem(f"unresolved $ref {ref} at {'/'.join(path)}")


def java_reasons():
    return re.findall(r"^\s{4}([A-Z][A-Z_]+)\(", REASON.read_text(encoding="utf-8"), re.M)


def java_statuses():
    """RestSupport.status as {code: status}; codes not listed there are 400."""
    source = (ADMIN / "RestSupport.java").read_text(encoding="utf-8")
    body = source[source.index("public static int status(Reason reason)"):]
    body = body[:body.index("default ->")]
    statuses = {}
    for codes, status in re.findall(r"case ([A-Z_,\s]+?) -> (\d{3});", body):
        for code in re.split(r"[,\s]+", codes.strip()):
            statuses[code] = int(status)
    return statuses


def filter_statuses():
    """AdminAuthFilter.refuse's status for a refused request, as (statuses by code, status of the others)."""
    if not AUTH_FILTER.exists():
        problem(f"{AUTH_FILTER.relative_to(ROOT)} not found: x-govmail-token-codes not checked")
        return {}, None
    source = AUTH_FILTER.read_text(encoding="utf-8")
    body = source[source.index("private void refuse("):]
    body = body[:body.index(";", body.index("default ->")) + 1]
    statuses = {}
    for codes, status in re.findall(r"case ([A-Z_,\s]+?) -> (\d{3});", body):
        for code in re.split(r"[,\s]+", codes.strip()):
            statuses[code] = int(status)
    return statuses, int(re.search(r"default -> (\d{3});", body).group(1))


def java_routes():
    """(METHOD, path) of every route the Routes classes define, paths in OpenAPI form."""
    routes = set()
    prefixes = {"BASE": None, "ME": "/govmail/me", "HOUSEKEEPING": None}
    for file in ("AccountRoutes.java", "InstitutionRoutes.java", "AuditRoutes.java", "SignupRoutes.java", "TokenRoutes.java"):
        if not (ADMIN / file).exists():
            problem(f"{(ADMIN / file).relative_to(ROOT)} not found: its routes cannot be compared")
            continue
        source = (ADMIN / file).read_text(encoding="utf-8")
        base = re.search(r'String BASE = "([^"]+)"', source).group(1)
        constants = {"BASE": base, "ME": prefixes["ME"]}
        housekeeping = re.search(r'String HOUSEKEEPING = BASE \+ "([^"]+)"', source)
        if housekeeping:
            constants["HOUSEKEEPING"] = base + housekeeping.group(1)
        for method, expression in re.findall(r"spark\.(get|post|put|delete)\(([^,]+),", source):
            parts = [part.strip() for part in expression.split("+")]
            if parts[0] == "path":
                # defineHolderRoutes: under /govmail/accounts/:id and under /govmail/me
                heads = [constants["BASE"] + "/:id", constants["ME"]]
            else:
                heads = [constants[parts[0]]]
            tail = "".join(part.strip('"') for part in parts[1:])
            for head in heads:
                path = re.sub(r":(\w+)", r"{\1}", head + tail)
                routes.add((method.upper(), path))
    # defineSelf adds GET /govmail/me itself
    return routes


def documented_routes(document):
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item if method in METHODS}


def check_codes(document, reasons, statuses, token_statuses):
    enum = document["components"]["schemas"]["ReasonCode"]["enum"]
    if enum != reasons:
        missing = [code for code in reasons if code not in enum]
        extra = [code for code in enum if code not in reasons]
        problem(f"ReasonCode enum differs from Reason.java (missing {missing}, extra {extra}, or another order)")
    for path, node in walk(document):
        codes = node.get("x-govmail-codes")
        if codes is None:
            continue
        status = None
        if len(path) >= 2 and path[-2] == "responses" and path[-1].isdigit():
            status = int(path[-1])
        elif len(path) == 3 and path[:2] == ("components", "responses"):
            status = None  # checked where it is used
        for code in codes:
            if code not in reasons:
                problem(f"{'/'.join(path)}: {code} is not a Reason")
            elif status is not None and statuses.get(code, 400) != status:
                problem(f"{'/'.join(path)}: {code} is answered with {statuses.get(code, 400)}, not {status}")
        for code in node.get("x-govmail-token-codes", []):
            if code not in reasons:
                problem(f"{'/'.join(path)}: {code} (x-govmail-token-codes) is not a Reason")
            elif status is not None and token_statuses(code) not in (None, status):
                problem(f"{'/'.join(path)}: AdminAuthFilter answers {code} with {token_statuses(code)}, not {status}")
    # Shared responses: check each use.
    shared = document["components"]["responses"]
    for path, node in walk(document["paths"]):
        if len(path) >= 2 and path[-2] == "responses" and path[-1].isdigit() and "$ref" in node:
            target = node["$ref"].rsplit("/", 1)[-1]
            for code in shared.get(target, {}).get("x-govmail-codes", []):
                if statuses.get(code, 400) != int(path[-1]):
                    problem(f"paths/{'/'.join(path)}: {target} carries {code} ({statuses.get(code, 400)}) under {path[-1]}")
            for code in shared.get(target, {}).get("x-govmail-token-codes", []):
                if token_statuses(code) not in (None, int(path[-1])):
                    problem(f"paths/{'/'.join(path)}: {target} carries token code {code} ({token_statuses(code)}) under {path[-1]}")


def check_texts(reasons):
    for language in ("ko", "en"):
        text = (TEXTS / f"texts_{language}.properties").read_text(encoding="utf-8")
        keys = set(re.findall(r"^reason\.([A-Z_]+)=", text, re.M))
        for code in reasons:
            if code not in keys:
                problem(f"texts_{language}.properties has no reason.{code}")


def check_spec(document):
    try:
        from openapi_spec_validator import validate
    except ImportError:
        print("note: openapi-spec-validator not installed; OpenAPI schema validation skipped")
        return
    try:
        validate(document)
    except Exception as e:  # the validator's own exception types vary between versions
        # The validator's message ends with the whole offending node: its first line is what matters.
        problem(f"not valid OpenAPI 3.0: {str(getattr(e, 'message', e)).splitlines()[0][:300]}")


def check_examples(document):
    try:
        from openapi_schema_validator import OAS30Validator
    except ImportError:
        print("note: openapi-schema-validator not installed; examples not validated")
        return
    components = document["components"]

    def validate(schema, value, where):
        # The components travel with the schema so that its '#/components/...' references resolve.
        root = {"components": components, **schema}
        try:
            errors = list(OAS30Validator(root).iter_errors(value))
        except Exception as e:  # e.g. a reference the schema cannot resolve
            problem(f"example at {where} cannot be validated: {type(e).__name__}")
            return
        for error in errors[:3]:
            problem(f"example at {where} does not match its schema: {error.message}")

    checked = 0
    for path, node in walk(document):
        schema = node.get("schema")
        if not isinstance(schema, dict):
            continue
        where = "/".join(path)
        if "example" in node:
            validate(schema, node["example"], where)
            checked += 1
        for name, example in (node.get("examples") or {}).items():
            value = resolve(document, example["$ref"])["value"] if "$ref" in example else example.get("value")
            validate(schema, value, f"{where}/examples/{name}")
            checked += 1
    print(f"{checked} examples validated against their schemas")


def main():
    document = yaml.safe_load((ROOT / "docs/openapi.yaml").read_text(encoding="utf-8"))
    reasons = java_reasons()
    check_refs(document)
    by_code, otherwise = filter_statuses()
    check_codes(document, reasons, java_statuses(), lambda code: by_code.get(code, otherwise))
    check_texts(reasons)
    code_routes = java_routes() | {("GET", "/govmail/me")}
    doc_routes = documented_routes(document)
    for route in sorted(code_routes - doc_routes):
        problem(f"route in the code but not documented: {route[0]} {route[1]}")
    for route in sorted(doc_routes - code_routes):
        problem(f"documented route not in the code: {route[0]} {route[1]}")
    if problems:
        print("OpenAPI and example validation skipped until the problems below are fixed")
    else:
        check_spec(document)
        check_examples(document)
    print(f"{len(doc_routes)} operations, {len(reasons)} reason codes")
    for message in problems:
        print("PROBLEM: " + message)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
