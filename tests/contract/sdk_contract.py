"""The Jobs API contract, checked with Imply's official Python SDK (`polaris-sdk`, generated from
the Polaris OpenAPI spec) against a running jobs-sim.

Every request goes through the SDK's own client (its URL-safe Basic credential, its query
serialisation, its request models), and every answer is checked against the SDK's models by
walking their `_validation` (required fields), `_attribute_map` (field types) and `_subtype_map`
(subtypes by discriminator), with each enum field's values read from the model's own
documentation (`:vartype x: str or ~...models.SomeEnum`). msrest's deserializer alone is too
lenient to rely on: it drops what it cannot read without a word.

    python sdk_contract.py BASE_URL PROJECT_ID API_KEY

Prints one line per check and ends as cargo's test runner does ("test result: ok. N passed; M
failed", read by `cargo xtask test`); exits 1 on any failure.
"""

import datetime
import enum
import inspect
import io
import json
import logging
import re
import sys
import traceback

from polaris.sdk.client import ProjectClient
from polaris.sdk.project_api import models as M

MODELS = "~polaris.sdk.project_api.models."

# docs/jobs-api.md: the SDK's health subtype map spells the warning status `warning`, its enum
# (and the API) `warn`; both name the warning subtype.
DISCRIMINATOR_ALIASES = {"JobHealthV2": {"warn": "warning"}}


# The SDK's scalar types: what JSON value each takes (a boolean is no number), in words.
SCALARS = {"int": (int, "a whole number"), "float": ((int, float), "a number"), "bool": (bool, "true or false")}


def enum_of(cls, attr):
    """The enum class named by the model's docs for `attr`, if any."""
    for klass in inspect.getmro(cls):
        doc = klass.__doc__ or ""
        m = re.search(r":vartype " + attr + r":\s+(.*?)(?=\n\s*:|\Z)", doc, re.S)
        if m:
            names = re.findall(re.escape(MODELS) + r"(\w+)", " ".join(m.group(1).split()))
            for name in names:
                e = getattr(M, name, None)
                if isinstance(e, type) and issubclass(e, enum.Enum):
                    return e
            return None
    return None


def check(value, typ, path, errors, owner=None, attr=None):
    """Appends to `errors` every way `value` breaks the SDK's type `typ`."""
    if value is None:
        return
    if typ.startswith("[") and typ.endswith("]"):
        if not isinstance(value, list):
            errors.append(f"{path}: expected a list, found {type(value).__name__}")
            return
        for i, item in enumerate(value):
            check(item, typ[1:-1], f"{path}[{i}]", errors)
        return
    if typ.startswith("{") and typ.endswith("}"):
        if not isinstance(value, dict):
            errors.append(f"{path}: expected an object, found {type(value).__name__}")
        return
    if typ == "str":
        if not isinstance(value, str):
            errors.append(f"{path}: expected a string, found {type(value).__name__}")
            return
        e = enum_of(owner, attr) if owner is not None else None
        if e is not None and value.lower() not in {v.value.lower() for v in e}:
            errors.append(f"{path}: {value!r} is not a {e.__name__} ({', '.join(v.value for v in e)})")
        return
    if typ in SCALARS:
        kinds, what = SCALARS[typ]
        if not isinstance(value, kinds) or (isinstance(value, bool) and typ != "bool"):
            errors.append(f"{path}: expected {what}, found {value!r}")
        return
    if typ == "iso-8601":
        try:
            datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            errors.append(f"{path}: {value!r} is not an ISO 8601 time")
        return
    if typ == "object":
        return
    cls = getattr(M, typ, None)
    if cls is None:
        errors.append(f"{path}: the SDK has no model {typ}")
        return
    check_model(value, cls, path, errors)


def check_model(value, cls, path, errors):
    if not isinstance(value, dict):
        errors.append(f"{path}: expected a {cls.__name__} object, found {type(value).__name__}")
        return
    # The subtype, by its discriminator (a subtype inherits its base's map: only a class's own
    # map is followed).
    while cls.__dict__.get("_subtype_map"):
        (attr, subtypes), = cls._subtype_map.items()
        key = cls._attribute_map[attr]["key"]
        got = value.get(key)
        got = DISCRIMINATOR_ALIASES.get(cls.__name__, {}).get(got, got)
        if got not in subtypes:
            errors.append(f"{path}.{key}: {got!r} is not a subtype of {cls.__name__} ({', '.join(subtypes)})")
            return
        sub = getattr(M, subtypes[got])
        if sub is cls:
            break
        cls = sub
    for attr, rules in getattr(cls, "_validation", {}).items():
        key = cls._attribute_map[attr]["key"]
        if rules.get("required") and value.get(key) is None:
            errors.append(f"{path}: {cls.__name__} requires {key}")
    for attr, spec in cls._attribute_map.items():
        key = spec["key"]
        if key in value and attr not in ("additional_properties",):
            # The discriminator's own value was checked above (and may be an alias).
            if attr in (getattr(cls, "_subtype_map", None) or {}):
                continue
            check(value[key], spec["type"], f"{path}.{key}", errors, owner=cls, attr=attr)


class Contract:
    def __init__(self, base, project, key):
        self.client = ProjectClient.from_endpoint(project, base, key)
        self.jobs = self.client.jobs
        self.passed = 0
        self.failed = 0

    def call(self, op, *args, **kwargs):
        """(status, raw JSON, headers) of one SDK call."""
        out = {}

        def cls(pipeline_response, deserialized, headers):
            r = pipeline_response.http_response
            out["status"] = r.status_code
            out["headers"] = dict(r.headers)
            text = r.text()
            out["json"] = r.json() if text else None
            return deserialized

        op(*args, cls=cls, **kwargs)
        return out["status"], out["json"], out["headers"]

    def report(self, name, errors):
        if errors:
            self.failed += 1
            print(f"FAIL {name}")
            for e in errors[:20]:
                print(f"    {e}")
            if len(errors) > 20:
                print(f"    ... and {len(errors) - 20} more")
        else:
            self.passed += 1
            print(f"ok   {name}")

    def verify(self, name, ok, detail):
        self.report(name, [] if ok else [str(detail)])

    def expect(self, name, status, answer, want_status, model):
        """The answer has the status wanted and follows the model named."""
        errors = []
        if status != want_status:
            errors.append(f"HTTP {status}, expected {want_status}: {answer}")
        elif model is not None:
            check(answer, model, model, errors)
        self.report(name, errors)
        return answer

    def step(self, name, fn):
        try:
            fn()
        except Exception:  # a crash in one check is a failure of that check, not of the run
            self.failed += 1
            print(f"FAIL {name}: the SDK call raised")
            traceback.print_exc(limit=3)

    # ---- the checks ----

    def list_pages(self):
        every = []
        offset = 0
        while True:
            s, page, _ = self.call(self.jobs.list_jobs, pagination_limit=1000, pagination_offset=offset)
            self.expect(f"list_jobs offset {offset}", s, page, 200, "JobListResponse")
            every += page["values"]
            if not page.get("moreResultsAvailable"):
                return every
            offset += 1000

    def filters_and_sorts(self, jobs):
        one = jobs[0]
        connection = next(j["source"]["connectionName"] for j in jobs if (j.get("source") or {}).get("connectionName"))
        cases = {
            "type": dict(type=["batch", "streaming"]),
            "executionStatus": dict(execution_status=["running", "failed"]),
            "healthStatus": dict(health_status=["warn", "error"]),
            "connectionName": dict(connection_name=[connection]),
            "targetTableName": dict(target_table_name=one["target"]["tableName"]),
            "targetTableId": dict(target_table_id="00000000-0000-0000-0000-000000000000"),
            "searchString": dict(search_string=one["id"][:8]),
            "all at once": dict(type=["batch"], execution_status=["completed"], health_status=["ok"], pagination_limit=5),
        }
        for name, kw in cases.items():
            s, page, _ = self.call(self.jobs.list_jobs, **kw)
            self.expect(f"list_jobs by {name}", s, page, 200, "JobListResponse")
            if s == 200 and name in ("type", "executionStatus", "healthStatus"):
                field = {"type": "type", "executionStatus": "executionStatus", "healthStatus": None}[name]
                wanted = list(kw.values())[0]
                got = [j["health"]["status"] if field is None else j[field] for j in page["values"]]
                self.verify(f"list_jobs by {name}: repeated parameters are OR", got and all(g in wanted for g in got), got)
        for column in M.JobSortSearchColumn:
            for order in M.SortOrder:
                s, page, _ = self.call(self.jobs.list_jobs, sort_column=column.value, sort_order=order.value, pagination_limit=50)
                self.expect(f"list_jobs sorted by {column.value} {order.value}", s, page, 200, "JobListResponse")
        s, answer, _ = self.call(self.jobs.list_jobs, pagination_limit=1, sort_column="no_such_column")
        self.expect("list_jobs with an unknown sort column", s, answer, 400, "ErrorResponse")

    def each_type(self, jobs):
        for kind in ["batch", "streaming", "sql", "delete_data", "drop_table", "restore_data"]:
            for job in [j for j in jobs if j["type"] == kind][:3]:
                jid = job["id"]
                s, a, _ = self.call(self.jobs.describe_job, jid)
                self.expect(f"describe_job {kind} {jid[:8]}", s, a, 200, "JobResponse")
                s, a, _ = self.call(self.jobs.describe_job_status, jid)
                self.expect(f"describe_job_status {kind}", s, a, 200, "JobStatusResponse")
                s, a, _ = self.call(self.jobs.describe_job_metrics, jid)
                self.expect(f"describe_job_metrics {kind}", s, a, 200, "JobMetricsResponse")
                s, a, _ = self.call(self.jobs.describe_job_logs, jid)
                self.expect(f"describe_job_logs {kind}", s, a, 200, "JobLogsResponse")
                s, a, _ = self.call(self.jobs.describe_job_overall_progress, jid)
                self.expect(f"describe_job_overall_progress {kind}", s, a, 200, "JobProgressResponse")
        s, a, _ = self.call(self.jobs.describe_job, "no-such-job")
        self.expect("describe_job of a job that is not there", s, a, 404, "ErrorResponse")

    def every_demo_job(self, jobs):
        """Every job of the demo data, summary and full, against the models."""
        errors = []
        for j in jobs:
            check(j, "JobSummaryResponse", f"summary {j['id'][:8]}", errors)
            s, full, _ = self.call(self.jobs.describe_job, j["id"])
            check(full, "JobResponse", f"job {j['id'][:8]}", errors)
        self.report(f"every demo job ({len(jobs)}), summary and full", errors)

    def actions(self, jobs):
        def pick(kind, status):
            return next(j["id"] for j in jobs if j["type"] == kind and j["executionStatus"] == status)

        def status(jid, desired):
            return self.call(self.jobs.update_job_status, jid, M.UpdateJobStatusRequest(desired_execution_status=desired))

        stream = pick("streaming", "running")
        s, a, _ = status(stream, "suspended")
        self.expect("update_job_status suspend a streaming job", s, a, 200, "JobStatusResponse")
        s, a, _ = status(stream, "running")
        self.expect("update_job_status resume it", s, a, 200, "JobStatusResponse")
        s, a, _ = self.call(self.jobs.reset_job, stream)
        self.expect("reset_job of a streaming job", s, a, 200, None)
        batch = next(j["id"] for j in jobs if j["type"] == "batch" and j["executionStatus"] in ("running", "pending"))
        s, a, _ = status(batch, "canceled")
        self.expect("update_job_status cancel a batch job", s, a, 200, "JobStatusResponse")
        s, a, _ = self.call(self.jobs.describe_job, batch)
        self.expect("the canceled job", s, a, 200, "JobResponse")

    def creates(self, jobs):
        schema = [M.FieldNameAndDataType(name="timestamp", data_type="string"), M.FieldNameAndDataType(name="n", data_type="long")]
        target = lambda t: M.TableJobTargetV2(table_name=t)
        valid = {
            "batch (inline)": M.CreateBatchJobRequest(
                target=target("contract_inline"),
                source=M.InlineJobSourceV2(data='{"timestamp":"2024-01-01T00:00:00Z","n":1}', input_schema=schema),
                mappings=[M.InputToTableSchemaMapping(column_name="__time", expression='TIME_PARSE("timestamp")')],
            ),
            "batch (s3)": M.CreateBatchJobRequest(
                target=target("contract_s3"),
                source=M.S3JobSourceV2(connection_name="s3-datalake-prod", input_schema=schema, uris=["s3://b/a.json"]),
            ),
            "batch (uploaded)": M.CreateBatchJobRequest(
                target=target("contract_uploaded"),
                source=M.UploadedJobSourceV2(file_list=["a.json"], input_schema=schema),
            ),
            "batch (table)": M.CreateBatchJobRequest(
                target=target("contract_table"), source=M.TableJobSourceV2(table_name="orders_daily"),
            ),
            "sql": M.CreateSqlJobRequest(query='INSERT INTO "contract_sql" SELECT 1 PARTITIONED BY DAY'),
            "streaming": M.CreateStreamingJobRequest(
                target=target("contract_stream"),
                source=M.ConnectionJobSourceV2(connection_name="kafka-prod-clicks"),
            ),
            "delete_data (soft)": M.CreateDeleteDataJobRequest(target=target("contract_inline"), soft_delete=True),
            "drop_table (soft)": M.CreateDropTableJobRequest(target=target("contract_s3"), soft_delete=True),
            "restore_data": M.CreateRestoreDataJobRequest(target=target("contract_s3"), interval="2024-01-01/2024-02-01"),
        }
        for name, body in valid.items():
            s, a, headers = self.call(self.jobs.create_job, body)
            self.expect(f"create_job {name}", s, a, 201, "JobResponse")
            if s == 201:
                where = headers.get("Location") or headers.get("location") or ""
                self.verify(f"create_job {name}: Location", where.endswith("/jobs/" + a["id"]), where)
        created = self.call(self.jobs.list_jobs, target_table_name="contract_stream", type=["streaming"])[1]["values"][0]
        point = self.call(self.jobs.describe_job, created["id"])[1].get("readFromPoint")
        self.verify("a streaming job created without readFromPoint reads from latest", point == "latest", point)
        invalid = {
            "batch (inline) without inputSchema": (
                {"type": "batch", "target": {"type": "table", "tableName": "t"}, "source": {"type": "inline", "data": "{}"}},
                "source.inputSchema",
            ),
            "batch (azure) without inputSchema": (
                {"type": "batch", "target": {"type": "table", "tableName": "t"},
                 "source": {"type": "azure", "connectionName": "a", "uris": ["azure://x/y"]}},
                "source.inputSchema",
            ),
            "restore_data without interval": ({"type": "restore_data", "target": {"type": "table", "tableName": "t"}}, "interval"),
            "a second streaming job into a table": (
                {"type": "streaming", "target": {"type": "table", "tableName": "contract_stream"},
                 "source": {"type": "connection", "connectionName": "kafka-prod-clicks"}},
                "replaceRunning",
            ),
            "an unknown type": ({"type": "kinesis", "target": {"type": "table", "tableName": "t"}}, "type"),
            "sql without a query": ({"type": "sql"}, "query"),
            "batch without a source": ({"type": "batch", "target": {"type": "table", "tableName": "t"}}, "source"),
            "streaming from a file": (
                {"type": "streaming", "target": {"type": "table", "tableName": "t"},
                 "source": {"type": "inline", "data": "{}", "inputSchema": []}},
                "source.type",
            ),
            "delete_data without a target": ({"type": "delete_data"}, "target"),
            "drop_table with softDelete not a boolean": (
                {"type": "drop_table", "target": {"type": "table", "tableName": "t"}, "softDelete": "yes"},
                "softDelete",
            ),
        }
        for name, (body, where) in invalid.items():
            s, a, _ = self.call(self.jobs.create_job, io.BytesIO(json.dumps(body).encode()))
            self.expect(f"create_job refuses {name}", s, a, 400, "ErrorResponse")
            if s == 400:
                self.verify(f"create_job refuses {name}: target {where}", a.get("target") == where, a)
        replacing = M.CreateStreamingJobRequest(
            target=target("contract_stream"), source=M.ConnectionJobSourceV2(connection_name="kafka-prod-clicks"),
            replace_running=True,
        )
        s, a, _ = self.call(self.jobs.create_job, replacing)
        self.expect("create_job streaming with replaceRunning", s, a, 201, "JobResponse")
        s, old, _ = self.call(self.jobs.describe_job, created["id"])
        self.verify("the replaced streaming job is canceled", old["executionStatus"] == "canceled", old["executionStatus"])


def main():
    base, project, key = sys.argv[1:4]
    # The SDK's deserializer says so each time it meets `warn` (see DISCRIMINATOR_ALIASES).
    logging.disable(logging.WARNING)
    c = Contract(base, project, key)
    jobs = []

    def load():
        jobs.extend(c.list_pages())

    c.step("list every job", load)
    if jobs:
        c.step("every demo job", lambda: c.every_demo_job(jobs))
        c.step("filters and sorts", lambda: c.filters_and_sorts(jobs))
        c.step("each type's job", lambda: c.each_type(jobs))
        c.step("actions", lambda: c.actions(jobs))
        c.step("creates", lambda: c.creates(jobs))
    print(f"test result: {'FAILED' if c.failed else 'ok'}. {c.passed} passed; {c.failed} failed")
    sys.exit(1 if c.failed or not c.passed else 0)


if __name__ == "__main__":
    main()
