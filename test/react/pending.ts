/**
 * Something a component can suspend on until `resolve()`. `wait()` throws the promise while it is
 * pending (React 18 and 19 both suspend on a thrown promise; `use` is React 19 only), then returns.
 *
 * @example
 * const data = pending()
 * function Page() { data.wait(); return <p>ready</p> }
 * await act(async () => data.resolve())
 */
export const pending = () => {
  let ready = false;
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = () => {
      ready = true;
      done();
    };
  });
  return {
    wait: (): void => {
      if (!ready) throw promise;
    },
    resolve: () => resolve(),
  };
};
