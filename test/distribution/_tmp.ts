import { createRegistry } from '../../src/index';
import { createRelay } from '../../src/relay/index';
type Events = { 'chat/sent': { text: string } };
void createRelay({ channels: ['a'], registry: createRegistry<Events>().define('chat/sent') });
