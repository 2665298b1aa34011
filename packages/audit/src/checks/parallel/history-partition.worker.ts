/** Worker thread entry of the parallel `verify`: scans one partition and posts its findings. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanPartition, type PartitionScanInput } from './history-partition.scan';

const port = parentPort;
if (port !== null) {
  const result = scanPartition(workerData as PartitionScanInput, (position) => port.postMessage({ progress: position }));
  port.postMessage({ result });
}
