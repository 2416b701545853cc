// Runs in each test worker of the `env` project, before its tests.
import { silenceKafkajsTimeoutWarnings } from "../../src/observability/process-warnings.ts";

silenceKafkajsTimeoutWarnings();
