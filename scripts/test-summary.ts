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
  testResults: { status: string; assertionResults: { status: string }[] }[];
};
// A file that fails to load has no failed tests of its own; count it so it is not hidden
// (numFailedTestSuites would also count every describe block around a failed test).
const filesFailedToLoad = report.testResults.filter(
  (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
).length;
const failed = report.numFailedTests + filesFailedToLoad;
console.log(
  `${report.numPassedTests} passed, ${failed} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
process.exit(failed > 0 ? 1 : 0);
