import os from 'node:os';

/** What a benchmark ran on, for its JSON result: figures mean little without the machine. */
export function machine(): { date: string; node: string; platform: string; cpu: string; cores: number } {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
  };
}
