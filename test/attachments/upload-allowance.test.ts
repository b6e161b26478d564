import { describe, expect, it } from "vitest";
import { UploadAllowance } from "../../src/attachments/upload-allowance.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));

describe("UploadAllowance", () => {
  it("takes files until the hourly count is reached, then names when the oldest leaves the hour", () => {
    const allowance = UploadAllowance.of({ filesPerHour: 3, bytesPerHour: 1000 }, [{ size: 10, at: at(5) }, { size: 10, at: at(20) }]);
    expect(allowance.take(10, at(30))).toEqual({ ok: true });
    expect(allowance.take(10, at(31))).toEqual({ ok: false, retryAt: at(65) });
  });

  it("refuses a file that would pass the hourly bytes, until enough old bytes leave the hour", () => {
    const allowance = UploadAllowance.of({ filesPerHour: 100, bytesPerHour: 1000 }, [{ size: 400, at: at(20) }, { size: 300, at: at(10) }, { size: 200, at: at(30) }]);
    expect(allowance.take(100, at(40))).toEqual({ ok: true });
    // 1000 used; a 350-byte file fits once the 300 (at :10) and the 400 (at :20) are over an hour old.
    expect(allowance.take(350, at(41))).toEqual({ ok: false, retryAt: at(80) });
    expect(allowance.take(250, at(41))).toEqual({ ok: false, retryAt: at(70) });
  });

  it("counts the files it accepted for the next ones of the same message", () => {
    const allowance = UploadAllowance.of({ filesPerHour: 2, bytesPerHour: 1000 }, []);
    expect(allowance.take(1, at(0)).ok).toBe(true);
    expect(allowance.take(1, at(0)).ok).toBe(true);
    expect(allowance.take(1, at(0))).toEqual({ ok: false, retryAt: at(60) });
  });
});
