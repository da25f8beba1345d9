#!/usr/bin/env python3
"""Run a GitHub composite action's steps here, as the runner would.

Usage: run_action.py ACTION.yml WORKSPACE TEMP [NAME=VALUE...]

Checks the structure first (a composite action; every step a bash `run:`;
every input described; no ${{ }} expression inside a script, where a
value would become shell code: expressions only in `env:`), then runs
each step's script with `bash --noprofile --norc -eo pipefail` in
WORKSPACE, with the variables GitHub sets (GITHUB_ACTION_PATH,
GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV,
RUNNER_TEMP, INPUT_<NAME>) and the step's env: with its expressions
evaluated: ${{ inputs.NAME }} (NAME=VALUE arguments, else the default),
${{ github.action_path }}, ${{ github.workspace }} and
${{ github.event.pull_request.base.sha }} (the argument pr_base=SHA).
What a step appends to GITHUB_PATH is on PATH for the next steps.
Stops at the first failing step. Prints "step N (NAME): exit CODE" for
each step; the exit status is the failing step's number, 0 if none
failed, 100 when the action's structure is wrong.
"""
import os
import re
import subprocess
import sys

import yaml

EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def fail_structure(msg):
    print("action.yml: " + msg)
    sys.exit(100)


def main():
    path, workspace, temp = sys.argv[1:4]
    given = dict(a.split("=", 1) for a in sys.argv[4:])
    pr_base = given.pop("pr_base", "")
    with open(path) as f:
        action = yaml.safe_load(f)
    action_path = os.path.dirname(os.path.abspath(path))

    for key in ("name", "description", "inputs", "runs"):
        if key not in action:
            fail_structure("no " + key)
    inputs = action["inputs"]
    for name, spec in inputs.items():
        if not isinstance(spec, dict) or not spec.get("description"):
            fail_structure("input %s has no description" % name)
    for name in given:
        if name not in inputs:
            fail_structure("the test gives input %s, which action.yml does not declare" % name)
    runs = action["runs"]
    if runs.get("using") != "composite":
        fail_structure("runs.using is not composite")
    values = {n: str(given.get(n, s.get("default", ""))) for n, s in inputs.items()}

    def evaluate(text, where):
        def one(m):
            e = m.group(1)
            if e.startswith("inputs."):
                if e[7:] not in inputs:
                    fail_structure("%s uses undeclared %s" % (where, e))
                return values[e[7:]]
            known = {"github.action_path": action_path, "github.workspace": workspace,
                     "github.event.pull_request.base.sha": pr_base}
            if e in known:
                return known[e]
            fail_structure("%s: the test does not know ${{ %s }}" % (where, e))
        return EXPR.sub(one, str(text))

    steps = runs.get("steps") or fail_structure("no steps")
    for i, step in enumerate(steps, 1):
        if step.get("shell") != "bash" or "run" not in step:
            fail_structure("step %d is not a bash run: step" % i)
        if EXPR.search(step["run"]):
            fail_structure("step %d puts an expression inside its script; pass it through env:" % i)
        if "if" in step or "uses" in step:
            fail_structure("step %d has if:/uses:, which this test does not run" % i)

    files = {k: os.path.join(temp, k.lower()) for k in ("GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV")}
    for f in files.values():
        open(f, "a").close()
    runner_temp = os.path.join(temp, "runner")
    os.makedirs(runner_temp, exist_ok=True)
    added_path = []
    for i, step in enumerate(steps, 1):
        env = dict(os.environ)
        env.update(files)
        env.update(GITHUB_ACTION_PATH=action_path, GITHUB_WORKSPACE=workspace, RUNNER_TEMP=runner_temp,
                   GITHUB_ACTIONS="true", CI="true")
        for n, v in values.items():
            env["INPUT_" + n.upper().replace(" ", "_")] = v
        with open(files["GITHUB_ENV"]) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    env[k] = v
        for k, v in (step.get("env") or {}).items():
            env[k] = evaluate(v, "step %d env %s" % (i, k))
        env["PATH"] = os.pathsep.join(added_path + [env.get("PATH", "")])
        script = os.path.join(temp, "step%d.sh" % i)
        with open(script, "w") as f:
            f.write(step["run"])
        sys.stdout.flush()
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace, env=env)
        print("step %d (%s): exit %d" % (i, step.get("name", ""), rc))
        sys.stdout.flush()
        if rc != 0:
            return i
        with open(files["GITHUB_PATH"]) as f:
            added_path = [l.strip() for l in f if l.strip()][::-1]
    return 0


if __name__ == "__main__":
    sys.exit(main())
