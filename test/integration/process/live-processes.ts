/**
 * What /proc says is still running: the ground truth for "no grandchild survived". Zombies
 * are dead processes waiting for a reaper (pid 1 here does not reap orphans), so they don't
 * count as survivors.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcEntry {
  pid: number;
  pgrp: number;
  state: string;
  comm: string;
}

export function processTable(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    entries.push({ pid: Number(name), pgrp: Number(pgrp), state: state!, comm });
  }
  return entries;
}

/** Live (not zombie) processes in group `pgid`. */
export function liveGroupMembers(pgid: number): ProcEntry[] {
  return processTable().filter((entry) => entry.pgrp === pgid && entry.state !== 'Z' && entry.state !== 'X');
}

export function isAlive(pid: number): boolean {
  return processTable().some((entry) => entry.pid === pid && entry.state !== 'Z' && entry.state !== 'X');
}

/** Parses `key=<number>` pairs out of a fixture's output line. */
export function numbersIn(text: string): Record<string, number> {
  return Object.fromEntries([...text.matchAll(/(\w+)=(\d+)/g)].map((match) => [match[1]!, Number(match[2])]));
}

/**
 * Live members of `pgid` once they have had up to `withinMs` to die: SIGKILL is delivered
 * asynchronously, so a process killed a moment ago may still be listed as running.
 */
export async function liveGroupMembersAfter(pgid: number, withinMs = 5_000): Promise<ProcEntry[]> {
  const deadline = Date.now() + withinMs;
  let members = liveGroupMembers(pgid);
  while (members.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    members = liveGroupMembers(pgid);
  }
  return members;
}
