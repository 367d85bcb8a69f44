'use client';

import { createContext } from 'react';
import type { Bus } from '../index';

/** The bus that the nearest `<BusProvider>` hands down; null outside any provider. */
export const BusContext = createContext<Bus | null>(null);
