import { createBusHooks } from 'hubbub/react';
import type { Events } from './bus';

export const { useEvent, usePublish, useLatestEvent } = createBusHooks<Events>();
