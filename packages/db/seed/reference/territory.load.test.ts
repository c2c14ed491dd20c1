import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { openTestDatabase } from "../../../../apps/api/test/build-app.js";
import { tables } from "../../src/index.js";
import { loadTerritory, type Territory } from "./territory.js";

describe("loading the territory into the database", () => {
  it("updates names, adds new comuni and marks comuni no longer listed as inactive, keeping population", async () => {
    const database = await openTestDatabase();
    try {
      const { enti } = tables;
      const snapshot: Territory = {
        regions: [{ istatCode: "05", name: "Veneto" }],
        provinces: [
          {
            istatCode: "028",
            historicCode: "028",
            name: "Padova",
            regionIstatCode: "05",
            carPlate: "PD",
            metropolitan: false,
          },
        ],
        comuni: [
          {
            istatCode: "028001",
            name: "Abano Terme (nuovo nome)",
            regionIstatCode: "05",
            provinceIstatCode: "028",
            cadastralCode: "A001",
            postalCodes: [],
            population: null,
          },
          {
            istatCode: "028999",
            name: "Comune di prova",
            regionIstatCode: "05",
            provinceIstatCode: "028",
            cadastralCode: null,
            postalCodes: [],
            population: null,
          },
        ],
      };
      // everything runs in one transaction that is rolled back: the shared test database stays intact
      const rollback = new Error("rollback");
      await database.db
        .transaction(async (db) => {
          await check(db);
          throw rollback;
        })
        .catch((err: unknown) => {
          if (err !== rollback) throw err;
        });
      async function check(
        db: Parameters<Parameters<typeof database.db.transaction>[0]>[0],
      ) {
        const r = await loadTerritory(db, snapshot);
        expect(r.comuni).toBe(2);
        expect(r.deactivated).toBe(7903);
        const [abano] = await db
          .select()
          .from(enti)
          .where(and(eq(enti.type, "comune"), eq(enti.istatCode, "028001")));
        expect(abano).toMatchObject({
          name: "Abano Terme (nuovo nome)",
          active: true,
        });
        expect(abano!.population).toBeGreaterThan(10000);
        const [nuovo] = await db
          .select()
          .from(enti)
          .where(eq(enti.istatCode, "028999"));
        expect(nuovo).toMatchObject({ active: true, provinceIstatCode: "028" });
        const [padova] = await db
          .select()
          .from(enti)
          .where(and(eq(enti.type, "provincia"), eq(enti.istatCode, "028")));
        expect(nuovo!.parentId).toBe(padova!.id);
        const [albignasego] = await db
          .select()
          .from(enti)
          .where(eq(enti.istatCode, "028003"));
        expect(albignasego!.active).toBe(false);
      }
    } finally {
      await database.close();
    }
  });
});
