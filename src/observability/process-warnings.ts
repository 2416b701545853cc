// Process warnings worth printing. kafkajs schedules request timeouts that can be negative on
// Node 24, which clamps them to 1 ms and warns each time; that warning is noise, every other one
// still prints.
export function silenceKafkajsTimeoutWarnings(): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name !== "TimeoutNegativeWarning") console.error(`${warning.name}: ${warning.message}`);
  });
}
