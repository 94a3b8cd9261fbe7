import { readFileSync } from 'node:fs';

/** CPU seconds used so far by this process (all its threads) and by DynamoDB Local's JVM. */
export function cpuSeconds(javaPid: number | undefined): { node: number; java: number } {
  const { user, system } = process.cpuUsage();
  let java = 0;
  if (javaPid) {
    // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${javaPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    java = (Number(fields[11]) + Number(fields[12])) / 100;
  }
  return { node: (user + system) / 1e6, java };
}
