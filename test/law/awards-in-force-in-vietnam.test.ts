/**
 * The awards the assistant offers are those in force on today's date in Vietnam, not in UTC: on 1
 * July 2025 the district level was abolished and the commune chair became the grantor of
 * "Chiến sĩ thi đua cơ sở". At 2025-06-30T18:00Z it is already 01:00 on 1 July in Vietnam.
 */
import { afterEach, describe, expect, it } from "vitest";
import { testAssistant, testClock } from "../support/test-assistant.ts";

describe("awards in force at start", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it.each([
    ["2025-06-30T16:59:00Z", "Chủ tịch UBND cấp huyện"],
    ["2025-06-30T18:00:00Z", "Chủ tịch UBND cấp xã"],
  ])("at %s the grantor of Chiến sĩ thi đua cơ sở is %s", async (instant, grantor) => {
    const assistant = await testAssistant({ clock: testClock(instant) });
    close = assistant.close;
    const award = assistant.service.runContext(assistant.clock.now()).awards.find((a) => a.code === "CSTD_CO_SO");
    expect(award?.grantedBy).toBe(grantor);
  });
});
