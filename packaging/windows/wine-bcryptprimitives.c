/* Test-only shim, never shipped: Rust's standard library (1.78+) draws random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10/11 has but Debian 12's wine 8 lacks.
 * packaging/test-install.sh compiles this into the wine prefix so the real .exe files can run there. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
