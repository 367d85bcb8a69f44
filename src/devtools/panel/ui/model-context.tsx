import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { PanelModel } from '../model/panel-model';

const ModelContext = createContext<PanelModel | undefined>(undefined);

/** Provides one panel's model to the components below it. @example <ModelProvider model={model}><App /></ModelProvider> */
export const ModelProvider = ModelContext.Provider;

/** The panel model of the nearest provider. @example const model = useModel() */
export const useModel = (): PanelModel => {
  const model = useContext(ModelContext);
  if (!model) throw new Error('Hubbub panel components must be rendered inside <ModelProvider model={createPanelModel(transport)}>.');
  return model;
};

/** Reads a slice of one of the model's stores. @example const paused = useSlice((m) => m.settings, (s) => s.paused) */
export const useSlice = <S, T>(pick: (model: PanelModel) => StoreApi<S>, select: (state: S) => T): T => useStore(pick(useModel()), select);
