// What the page and its worker share: the events, their registry and the channel between them.
import { createRegistry } from '../../../../src/index';

export type WorkerEvents = { 'report/ready': { rows: number }; 'report/requested': { month: string } };

export const registry = createRegistry<WorkerEvents>().define('report/ready').define('report/requested');

export const CHANNEL = 'hubbub-worker-e2e';
export const BRIDGED = ['report/ready', 'report/requested'] as const;
