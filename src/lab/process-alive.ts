// Whether a process id names a live process: signal 0 checks without sending anything. EPERM is a
// live process of another user.

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
