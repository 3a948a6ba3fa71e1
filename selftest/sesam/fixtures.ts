// The reference sync's tests get their stack (the three emulators, the clients and the pass driver, stack.ts) as a
// fixture: started for one test on free ports and closed after it, whatever the test did. A file or describe block
// sets the stack's options with `test.use({ stackOptions: … })`.
import { test as base } from "@playwright/test";
import { startStack, type Stack, type StackOptions } from "./stack.ts";

export const test = base.extend<{ stackOptions: StackOptions; stack: Stack }>({
  stackOptions: [{}, { option: true }],
  stack: async ({ stackOptions }, use) => {
    const stack = await startStack(stackOptions);
    await use(stack);
    await stack.close();
  },
});

export { expect } from "@playwright/test";
