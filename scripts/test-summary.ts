// Prints the plain closing line CI reads, `N passed, N failed, N skipped`, from vitest's
// JSON report. A missing report means the run never reached the tests: that is a failure.
import { existsSync, readFileSync } from "node:fs";

const reportPath = process.argv[2] ?? "test-results/results.json";
if (!existsSync(reportPath)) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, "utf8")) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
};
// A suite that fails to load has no failed tests of its own; count it so it is not hidden.
const failed = report.numFailedTests + report.numFailedTestSuites;
console.log(
  `${report.numPassedTests} passed, ${failed} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
process.exit(failed > 0 ? 1 : 0);
