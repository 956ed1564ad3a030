import { startSecondEngine } from './support/second-engine.js';
const t0 = Date.now();
const e = await startSecondEngine({ tls: true });
try {
  console.log('started', Date.now() - t0, e.unixHost, e.tcpHost, e.subnet);
  e.loadImages(['etl-cycle/busybox:1']);
  console.log(e.docker(['images', '--format', '{{.Repository}}']));
  e.docker(['network', 'create', 'n1']);
  e.docker([
    'run',
    '-d',
    '--name',
    'web',
    '--network',
    'n1',
    'etl-cycle/busybox:1',
    'sh',
    '-c',
    'mkdir /w; echo hi > /w/index.html; exec httpd -f -p 8080 -h /w',
  ]);
  console.log(
    e.docker([
      'run',
      '--rm',
      '--network',
      'n1',
      'etl-cycle/busybox:1',
      'sh',
      '-c',
      'sleep 0.5; printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 2 web 8080 | tail -1',
    ]),
  );
  await e.initSwarm();
  console.log(e.docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}']));
} finally {
  const t1 = Date.now();
  await e.stop();
  console.log('stopped', Date.now() - t1);
}
